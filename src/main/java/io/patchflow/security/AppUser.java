package io.patchflow.security;

import java.util.Set;

public record AppUser(String username, String displayName, String email, String passwordHash, boolean enabled,
        Set<Role> roles, Set<String> customerIds) {

    public AppUser {
        roles = Set.copyOf(roles);
        customerIds = Set.copyOf(customerIds);
    }

    public Actor actor() {
        return new Actor(username, roles, customerIds);
    }
}
