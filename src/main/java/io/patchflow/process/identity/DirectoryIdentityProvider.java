package io.patchflow.process.identity;

import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.GroupQuery;
import org.camunda.bpm.engine.identity.NativeUserQuery;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.engine.identity.TenantQuery;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.identity.UserQuery;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.ReadOnlyIdentityProvider;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;

import io.patchflow.security.Role;

/**
 * The engine's view of Patchflow's users (users), roles (groups) and customers (tenants).
 * Read only: people are managed in Patchflow, and the Camunda webapps show them without a
 * second copy.
 */
class DirectoryIdentityProvider implements ReadOnlyIdentityProvider {

    private final Directory directory;

    DirectoryIdentityProvider(Directory directory) {
        this.directory = directory;
    }

    @Override
    public User findUserById(String userId) {
        return directory.users()
            .stream()
            .filter(u -> u.username().equals(userId))
            .findFirst()
            .map(DirectoryUserQuery::toUser)
            .orElse(null);
    }

    @Override
    public UserQuery createUserQuery() {
        return new DirectoryUserQuery(directory,
                Context.getProcessEngineConfiguration().getCommandExecutorTxRequired());
    }

    @Override
    public UserQuery createUserQuery(CommandContext commandContext) {
        return new DirectoryUserQuery(directory);
    }

    @Override
    public NativeUserQuery createNativeUserQuery() {
        throw new BadUserRequestException("native user queries are not available: users live in Patchflow's tables");
    }

    /**
     * Never: people sign in through Patchflow's login, which throttles and locks repeated
     * failures. Camunda's own login and the REST API's /identity/verify would otherwise
     * be a second, unthrottled way to guess a password.
     */
    @Override
    public boolean checkPassword(String userId, String password) {
        return false;
    }

    @Override
    public Group findGroupById(String groupId) {
        return Role.ofGroupId(groupId).map(DirectoryGroupQuery::toGroup).orElse(null);
    }

    @Override
    public GroupQuery createGroupQuery() {
        return new DirectoryGroupQuery(directory,
                Context.getProcessEngineConfiguration().getCommandExecutorTxRequired());
    }

    @Override
    public GroupQuery createGroupQuery(CommandContext commandContext) {
        return new DirectoryGroupQuery(directory);
    }

    @Override
    public Tenant findTenantById(String tenantId) {
        return directory.customers()
            .stream()
            .filter(c -> c.id().equals(tenantId))
            .findFirst()
            .map(DirectoryTenantQuery::toTenant)
            .orElse(null);
    }

    @Override
    public TenantQuery createTenantQuery() {
        return new DirectoryTenantQuery(directory,
                Context.getProcessEngineConfiguration().getCommandExecutorTxRequired());
    }

    @Override
    public TenantQuery createTenantQuery(CommandContext commandContext) {
        return new DirectoryTenantQuery(directory);
    }

    @Override
    public void flush() {
        // read-only: nothing to write
    }

    @Override
    public void close() {
        // no resources held
    }

}
