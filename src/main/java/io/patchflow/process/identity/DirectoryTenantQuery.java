package io.patchflow.process.identity;

import java.util.List;
import java.util.stream.Stream;

import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.engine.impl.Page;
import org.camunda.bpm.engine.impl.TenantQueryImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.impl.persistence.entity.TenantEntity;

import io.patchflow.customer.Customer;

class DirectoryTenantQuery extends TenantQueryImpl {

    private final transient Directory directory;

    DirectoryTenantQuery(Directory directory) {
        this.directory = directory;
    }

    DirectoryTenantQuery(Directory directory, CommandExecutor executor) {
        super(executor);
        this.directory = directory;
    }

    @Override
    public long executeCount(CommandContext commandContext) {
        return matches().count();
    }

    @Override
    public List<Tenant> executeList(CommandContext commandContext, Page page) {
        return Matching.page(matches(), Tenant::getId, page);
    }

    private Stream<Tenant> matches() {
        // one load of the people per query, however many customers are filtered
        List<io.patchflow.security.AppUser> users = userId == null && groupId == null ? List.of() : directory.users();
        return directory.customers()
            .stream()
            .filter(c -> userId == null
                    || users.stream().anyMatch(u -> u.username().equals(userId) && u.customerIds().contains(c.id())))
            .filter(c -> groupId == null || users.stream()
                .anyMatch(u -> u.customerIds().contains(c.id())
                        && u.roles().stream().anyMatch(r -> r.groupId().equals(groupId))))
            .map(DirectoryTenantQuery::toTenant)
            .filter(t -> Matching.equalsIfSet(id, t.getId()))
            .filter(t -> Matching.inIfSet(ids, t.getId()))
            .filter(t -> Matching.equalsIfSet(name, t.getName()))
            .filter(t -> Matching.likeIfSet(nameLike, t.getName()));
    }

    static Tenant toTenant(Customer customer) {
        TenantEntity tenant = new TenantEntity(customer.id());
        tenant.setName(customer.name());
        return tenant;
    }

}
