package io.patchflow.security;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users, their roles and their customers, in Patchflow's own tables. The Camunda engine
 * reads the same data through an identity provider, so there is one list of people.
 */
@Service
public class UserDirectory {

    private final UserRepository users;

    UserDirectory(UserRepository users) {
        this.users = users;
    }

    public Optional<AppUser> find(String username) {
        return users.find(username);
    }

    /**
     * Every user. People are counted in hundreds, not millions; one query loads them all.
     */
    public List<AppUser> all() {
        return users.all();
    }

    public List<AppUser> inCustomer(String customerId) {
        return all().stream().filter(u -> u.customerIds().contains(customerId)).toList();
    }

    @Transactional
    public void create(AppUser user) {
        users.create(user);
    }

    public boolean exists(String username) {
        return users.exists(username);
    }

}
