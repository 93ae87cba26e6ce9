package io.patchflow.ticketing;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The ticket register inside Patchflow's own tables, for customers without a PSA integration.
 * Tickets are created on first reference, the way a service desk would open one.
 */
@Component
class BuiltInTicketRegister implements TicketingPort {

    static final String SYSTEM = "builtin";

    private final JdbcClient jdbc;

    BuiltInTicketRegister(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String system() {
        return SYSTEM;
    }

    @Override
    public String resolve(String customerId, String reference) {
        return jdbc.sql("SELECT title FROM ticket WHERE customer_id = ? AND system = ? AND reference = ?")
                .params(customerId, SYSTEM, reference).query(String.class).optional()
                .orElseGet(() -> {
                    String title = "Service request " + reference;
                    insert(customerId, reference, title, "REQUEST");
                    return title;
                });
    }

    @Override
    public void addNote(String customerId, String reference, String body) {
        // Notes are stored by TicketService together with the milestone; the built-in register
        // has nothing else to call.
    }

    @Override
    public String openIncident(String customerId, String title, String body) {
        Long next = jdbc.sql("SELECT COUNT(*) + 1 FROM ticket WHERE customer_id = ? AND kind = 'INCIDENT'")
                .param(customerId).query(Long.class).single();
        String reference = "INC-" + next;
        insert(customerId, reference, title, "INCIDENT");
        return reference;
    }

    private void insert(String customerId, String reference, String title, String kind) {
        jdbc.sql("INSERT INTO ticket(customer_id, system, reference, title, kind, status, created_at) VALUES (?,?,?,?,?,?,?)")
                .params(customerId, SYSTEM, reference, title, kind, "OPEN", OffsetDateTime.now(ZoneOffset.UTC)).update();
    }
}
