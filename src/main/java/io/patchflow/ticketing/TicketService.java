package io.patchflow.ticketing;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.shared.InvalidInputException;

/**
 * Links changes to tickets and keeps those tickets informed: a note at every milestone, an
 * incident ticket when something fails. Every note Patchflow posts is also kept here.
 */
@Service
public class TicketService {

    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._#:/-]{0,99}");

    private final JdbcClient jdbc;
    private final TicketingPort ticketing;
    private final AuditTrail audit;

    public TicketService(JdbcClient jdbc, TicketingPort ticketing, AuditTrail audit) {
        this.jdbc = jdbc;
        this.ticketing = ticketing;
        this.audit = audit;
    }

    public static void checkReference(String field, String reference) {
        if (reference == null || !REFERENCE.matcher(reference).matches()) {
            throw new InvalidInputException(field,
                    "a ticket reference is 1 to 100 letters, digits or . _ # : / - and starts with a letter or digit");
        }
    }

    @Transactional
    public void link(long changeId, String customerId, String reference, String actor) {
        checkReference("reference", reference);
        String title = ticketing.resolve(customerId, reference);
        long ticketId = ticketId(customerId, reference, title, "REQUEST");
        boolean already = jdbc.sql("SELECT COUNT(*) FROM change_ticket WHERE change_id = ? AND ticket_id = ?")
                .params(changeId, ticketId).query(Integer.class).single() > 0;
        if (already) {
            return;
        }
        jdbc.sql("INSERT INTO change_ticket(change_id, ticket_id, linked_by, linked_at) VALUES (?,?,?,?)")
                .params(changeId, ticketId, actor, now()).update();
        audit.record(customerId, changeId, actor, "TICKET_LINKED", ticketing.system() + " ticket " + reference);
    }

    /** Adds a note to every ticket linked to the change. */
    @Transactional
    public int noteMilestone(long changeId, String customerId, String milestone, String body) {
        List<Map<String, Object>> tickets = jdbc.sql("SELECT t.id, t.reference FROM change_ticket ct JOIN ticket t ON t.id = ct.ticket_id "
                        + "WHERE ct.change_id = ? ORDER BY t.id")
                .param(changeId).query().listOfRows();
        for (Map<String, Object> ticket : tickets) {
            ticketing.addNote(customerId, (String) ticket.get("reference"), body);
            jdbc.sql("INSERT INTO ticket_note(ticket_id, change_id, milestone, body, created_at) VALUES (?,?,?,?,?)")
                    .params(((Number) ticket.get("id")).longValue(), changeId, milestone, body, now()).update();
        }
        return tickets.size();
    }

    @Transactional
    public String openIncident(long changeId, String customerId, String title, String body) {
        String reference = ticketing.openIncident(customerId, title, body);
        long ticketId = ticketId(customerId, reference, title, "INCIDENT");
        jdbc.sql("INSERT INTO change_ticket(change_id, ticket_id, linked_by, linked_at) VALUES (?,?,?,?)")
                .params(changeId, ticketId, "system", now()).update();
        jdbc.sql("INSERT INTO ticket_note(ticket_id, change_id, milestone, body, created_at) VALUES (?,?,?,?,?)")
                .params(ticketId, changeId, "INCIDENT_OPENED", body, now()).update();
        audit.record(customerId, changeId, "system", "INCIDENT_OPENED", ticketing.system() + " ticket " + reference + ": " + title);
        return reference;
    }

    public List<Ticket> ticketsOf(long changeId) {
        record Row(long id, String customer, String system, String reference, String title, String kind, String status,
                   OffsetDateTime created) { }
        List<Row> rows = jdbc.sql("SELECT t.id, t.customer_id, t.system, t.reference, t.title, t.kind, t.status, t.created_at "
                        + "FROM change_ticket ct JOIN ticket t ON t.id = ct.ticket_id WHERE ct.change_id = ? ORDER BY t.id")
                .param(changeId)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class)))
                .list();
        Map<Long, List<Ticket.TicketNote>> notes = new HashMap<>();
        jdbc.sql("SELECT ticket_id, created_at, milestone, body FROM ticket_note WHERE change_id = ? ORDER BY id")
                .param(changeId)
                .query(rs -> {
                    notes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(
                            new Ticket.TicketNote(rs.getObject(2, OffsetDateTime.class), rs.getString(3), rs.getString(4)));
                });
        return rows.stream().map(r -> new Ticket(r.id(), r.customer(), r.system(), r.reference(), r.title(), r.kind(),
                r.status(), r.created(), notes.getOrDefault(r.id(), List.of()))).toList();
    }

    private long ticketId(String customerId, String reference, String title, String kind) {
        return jdbc.sql("SELECT id FROM ticket WHERE customer_id = ? AND system = ? AND reference = ?")
                .params(customerId, ticketing.system(), reference).query(Long.class).optional()
                .orElseGet(() -> {
                    jdbc.sql("INSERT INTO ticket(customer_id, system, reference, title, kind, status, created_at) VALUES (?,?,?,?,?,?,?)")
                            .params(customerId, ticketing.system(), reference, title, kind, "OPEN", now()).update();
                    return jdbc.sql("SELECT id FROM ticket WHERE customer_id = ? AND system = ? AND reference = ?")
                            .params(customerId, ticketing.system(), reference).query(Long.class).single();
                });
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
