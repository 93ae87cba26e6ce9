package io.patchflow.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.patchflow.shared.ForbiddenException;

/**
 * Who may do one thing, by role: the check a service makes before it does it, and the
 * question a page asks before it offers the form (ADR 0032). One rule for both, declared
 * by the service that enforces it, so a page cannot offer what the server refuses.
 */
public record RoleRule(Set<Role> roles, String refusal) {

    public RoleRule {
        roles = Set.copyOf(roles);
    }

    /** Allowed to anyone with one of {@code roles}; refused with {@code refusal}. */
    public static RoleRule anyOf(String refusal, Role... roles) {
        return new RoleRule(EnumSet.copyOf(List.of(roles)), refusal);
    }

    public boolean allows(Actor actor) {
        return roles.stream().anyMatch(actor::has);
    }

    /**
     * @throws ForbiddenException with the refusal if the actor has none of the roles
     */
    public void check(Actor actor) {
        if (!allows(actor)) {
            throw new ForbiddenException(refusal);
        }
    }

}
