package io.patchflow.process.identity;

import java.util.List;
import java.util.stream.Stream;

import io.patchflow.customer.Customer;
import io.patchflow.security.AppUser;
import io.patchflow.security.Role;

/**
 * The people, groups (roles) and tenants (customers) the engine sees; backed by
 * Patchflow's tables.
 */
public interface Directory {

    List<AppUser> users();

    List<Customer> customers();

    default Stream<Role> roles() {
        return Stream.of(Role.values());
    }

}
