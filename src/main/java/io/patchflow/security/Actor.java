package io.patchflow.security;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The person (or the system) on whose behalf something happens. Every decision and state
 * change names its actor in the audit trail, and every engine call made for a person
 * carries it.
 */
public record Actor(String username, Set<Role> roles, Set<String> customerIds) {

    public static final String SYSTEM_NAME = "system";

    public static final Actor SYSTEM = new Actor(SYSTEM_NAME, Set.of(), Set.of());

    public Actor {
        roles = Set.copyOf(roles);
        customerIds = Set.copyOf(customerIds);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean hasAny(Role... wanted) {
        for (Role role : wanted) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }

    /** Customer isolation: a person sees only the customers they are assigned to. */
    public boolean canSee(String customerId) {
        return customerIds.contains(customerId);
    }

    /**
     * The customer id if it is one this person may see; empty for anything else, raw
     * input included.
     */
    public Optional<String> visibleCustomer(String customerId) {
        return customerId != null && canSee(customerId) ? Optional.of(customerId) : Optional.empty();
    }

    public boolean isSystem() {
        return SYSTEM_NAME.equals(username);
    }

    public List<String> groupIds() {
        return roles.stream().map(Role::groupId).sorted().toList();
    }

    public List<String> sortedCustomerIds() {
        return customerIds.stream().sorted().toList();
    }

    public static Actor of(String username, Collection<Role> roles, Collection<String> customerIds) {
        return new Actor(username, Set.copyOf(roles), Set.copyOf(customerIds));
    }
}
