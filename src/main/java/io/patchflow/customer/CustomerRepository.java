package io.patchflow.customer;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rows of {@code customer}. */
@Repository
class CustomerRepository {

    private final JdbcClient jdbc;

    CustomerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Customer> find(String id) {
        return jdbc.sql("SELECT id, name FROM customer WHERE id = ?")
            .param(id)
            .query((rs, n) -> new Customer(rs.getString(1), rs.getString(2)))
            .optional();
    }

    List<Customer> findAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT id, name FROM customer WHERE id IN (:ids) ORDER BY name")
            .param("ids", ids)
            .query((rs, n) -> new Customer(rs.getString(1), rs.getString(2)))
            .list();
    }

    List<Customer> all() {
        return jdbc.sql("SELECT id, name FROM customer ORDER BY name")
            .query((rs, n) -> new Customer(rs.getString(1), rs.getString(2)))
            .list();
    }

    void create(Customer customer) {
        jdbc.sql("INSERT INTO customer(id, name, created_at) VALUES (?,?,?)")
            .params(customer.id(), customer.name(), OffsetDateTime.now(ZoneOffset.UTC))
            .update();
    }

}
