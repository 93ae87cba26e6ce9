package io.patchflow.process.identity;

import java.util.List;
import java.util.stream.Stream;

import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.GroupQueryImpl;
import org.camunda.bpm.engine.impl.Page;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.impl.persistence.entity.GroupEntity;

import io.patchflow.security.AppUser;
import io.patchflow.security.Role;

class DirectoryGroupQuery extends GroupQueryImpl {

    private final transient Directory directory;

    DirectoryGroupQuery(Directory directory) {
        this.directory = directory;
    }

    DirectoryGroupQuery(Directory directory, CommandExecutor executor) {
        super(executor);
        this.directory = directory;
    }

    @Override
    public long executeCount(CommandContext commandContext) {
        return matches().count();
    }

    @Override
    public List<Group> executeList(CommandContext commandContext, Page page) {
        return Matching.page(matches(), Group::getId, page);
    }

    private Stream<Group> matches() {
        // one load of the people per query, however many roles are filtered
        List<AppUser> users = userId == null && tenantId == null ? List.of() : directory.users();
        List<AppUser> members = userId == null ? List.of()
                : users.stream().filter(u -> u.username().equals(userId)).toList();
        return directory.roles()
            .filter(r -> userId == null || members.stream().anyMatch(u -> u.roles().contains(r)))
            .filter(r -> tenantId == null
                    || users.stream().anyMatch(u -> u.roles().contains(r) && u.customerIds().contains(tenantId)))
            .map(DirectoryGroupQuery::toGroup)
            .filter(g -> Matching.equalsIfSet(id, g.getId()))
            .filter(g -> Matching.inIfSet(ids, g.getId()))
            .filter(g -> Matching.equalsIfSet(name, g.getName()))
            .filter(g -> Matching.likeIfSet(nameLike, g.getName()))
            .filter(g -> Matching.equalsIfSet(type, g.getType()));
    }

    static Group toGroup(Role role) {
        GroupEntity group = new GroupEntity(role.groupId());
        group.setName(role.label());
        group.setType(role == Role.ADMIN ? "SYSTEM" : "WORKFLOW");
        return group;
    }

}
