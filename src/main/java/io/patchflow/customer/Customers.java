package io.patchflow.customer;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

/**
 * The customers (tenants) of this installation, for every feature that needs their names.
 */
@Service
public class Customers {

    private final CustomerRepository customers;

    Customers(CustomerRepository customers) {
        this.customers = customers;
    }

    public Optional<Customer> find(String id) {
        return customers.find(id);
    }

    /** The customers with these ids, by name. */
    public List<Customer> findAll(Collection<String> ids) {
        return customers.findAll(ids);
    }

    public List<Customer> all() {
        return customers.all();
    }

    public void create(Customer customer) {
        customers.create(customer);
    }

}
