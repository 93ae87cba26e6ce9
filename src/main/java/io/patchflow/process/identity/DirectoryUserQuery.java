package io.patchflow.process.identity;

import java.util.List;
import java.util.stream.Stream;

import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.Page;
import org.camunda.bpm.engine.impl.UserQueryImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;

import io.patchflow.security.AppUser;

class DirectoryUserQuery extends UserQueryImpl {

    private final transient Directory directory;

    DirectoryUserQuery(Directory directory) {
        this.directory = directory;
    }

    DirectoryUserQuery(Directory directory, CommandExecutor executor) {
        super(executor);
        this.directory = directory;
    }

    @Override
    public long executeCount(CommandContext commandContext) {
        return matches().count();
    }

    @Override
    public List<User> executeList(CommandContext commandContext, Page page) {
        return Matching.page(matches(), User::getId, page);
    }

    private Stream<User> matches() {
        return directory.users()
            .stream()
            .filter(u -> Matching.equalsIfSet(id, u.username()))
            .filter(u -> Matching.inIfSet(ids, u.username()))
            .filter(u -> groupId == null || u.roles().stream().anyMatch(r -> r.groupId().equals(groupId)))
            .filter(u -> tenantId == null || u.customerIds().contains(tenantId))
            .map(DirectoryUserQuery::toUser)
            .filter(u -> Matching.equalsIfSet(firstName, u.getFirstName()))
            .filter(u -> Matching.likeIfSet(firstNameLike, u.getFirstName()))
            .filter(u -> Matching.equalsIfSet(lastName, u.getLastName()))
            .filter(u -> Matching.likeIfSet(lastNameLike, u.getLastName()))
            .filter(u -> Matching.equalsIfSet(email, u.getEmail()))
            .filter(u -> Matching.likeIfSet(emailLike, u.getEmail()));
    }

    static User toUser(AppUser user) {
        UserEntity entity = new UserEntity(user.username());
        String name = user.displayName();
        int space = name.lastIndexOf(' ');
        entity.setFirstName(space > 0 ? name.substring(0, space) : name);
        entity.setLastName(space > 0 ? name.substring(space + 1) : "");
        entity.setEmail(user.email());
        return entity;
    }

}
