package io.patchflow.ticketing;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tickets, their links to changes and the notes Patchflow posted on them. */
@Repository
class TicketRepository {

    private final JdbcClient jdbc;

    TicketRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record LinkedTicket(long id, String system, String reference, String kind) {
    }

    Optional<Long> find(String customerId, String system, String reference) {
        return jdbc.sql("SELECT id FROM ticket WHERE customer_id = ? AND system = ? AND reference = ?")
            .params(customerId, system, reference)
            .query(Long.class)
            .optional();
    }

    Optional<String> title(String customerId, String system, String reference) {
        return jdbc.sql("SELECT title FROM ticket WHERE customer_id = ? AND system = ? AND reference = ?")
            .params(customerId, system, reference)
            .query(String.class)
            .optional();
    }

    void insert(String customerId, String system, String reference, String title, String kind) {
        jdbc.sql(
                "INSERT INTO ticket(customer_id, system, reference, title, kind, status, created_at) VALUES (?,?,?,?,?,?,?)")
            .params(customerId, system, reference, title, kind, "OPEN", now())
            .update();
    }

    long countIncidents(String customerId, String system) {
        return jdbc.sql("SELECT COUNT(*) FROM ticket WHERE customer_id = ? AND system = ? AND kind = 'INCIDENT'")
            .params(customerId, system)
            .query(Long.class)
            .single();
    }

    boolean linked(long changeId, long ticketId) {
        return jdbc.sql("SELECT COUNT(*) FROM change_ticket WHERE change_id = ? AND ticket_id = ?")
            .params(changeId, ticketId)
            .query(Integer.class)
            .single() > 0;
    }

    void link(long changeId, long ticketId, String linkedBy) {
        jdbc.sql("INSERT INTO change_ticket(change_id, ticket_id, linked_by, linked_at) VALUES (?,?,?,?)")
            .params(changeId, ticketId, linkedBy, now())
            .update();
    }

    List<LinkedTicket> linkedTo(long changeId) {
        return jdbc
            .sql("SELECT t.id, t.system, t.reference, t.kind FROM change_ticket ct JOIN ticket t "
                    + "ON t.id = ct.ticket_id WHERE ct.change_id = ? ORDER BY t.id")
            .param(changeId)
            .query((rs, n) -> new LinkedTicket(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
            .list();
    }

    Optional<String> status(String customerId, String system, String reference) {
        return jdbc.sql("SELECT status FROM ticket WHERE customer_id = ? AND system = ? AND reference = ?")
            .params(customerId, system, reference)
            .query(String.class)
            .optional();
    }

    /** Whether the ticket has a note whose key the marker names. */
    boolean hasNoteMarked(String customerId, String system, String reference, String marker) {
        if (!marker.startsWith(TicketNotes.MARKER_PREFIX)) {
            return false;
        }
        return jdbc
            .sql("SELECT count(*) FROM ticket_note n JOIN ticket t ON t.id = n.ticket_id WHERE t.customer_id = ? "
                    + "AND t.system = ? AND t.reference = ? AND n.note_key = ?")
            .params(customerId, system, reference, marker.substring(TicketNotes.MARKER_PREFIX.length()))
            .query(Long.class)
            .single() > 0;
    }

    List<Ticket> ticketsOf(long changeId) {
        record Row(long id, String customer, String system, String reference, String title, String kind, String status,
                OffsetDateTime created, OffsetDateTime statusRead) {
        }
        List<Row> rows = jdbc
            .sql("SELECT t.id, t.customer_id, t.system, t.reference, t.title, t.kind, t.status, t.created_at, "
                    + "t.status_read_at FROM change_ticket ct JOIN ticket t ON t.id = ct.ticket_id "
                    + "WHERE ct.change_id = ? ORDER BY t.id")
            .param(changeId)
            .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class),
                    rs.getObject(9, OffsetDateTime.class)))
            .list();
        Map<Long, List<Ticket.TicketNote>> notes = new HashMap<>();
        jdbc.sql("SELECT ticket_id, created_at, milestone, body, status, attempts, last_error, last_attempt_at, "
                + "delivered_at FROM ticket_note WHERE change_id = ? ORDER BY id")
            .param(changeId)
            .query(rs -> {
                notes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                    .add(new Ticket.TicketNote(rs.getObject(2, OffsetDateTime.class), rs.getString(3), rs.getString(4),
                            "DELIVERED".equals(rs.getString(5)), rs.getInt(6), rs.getString(7),
                            rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class),
                            "FAILED".equals(rs.getString(5))));
            });
        return rows.stream()
            .map(r -> new Ticket(r.id(), r.customer(), r.system(), r.reference(), r.title(), r.kind(), r.status(),
                    r.statusRead() == null ? r.created() : r.statusRead(), r.created(),
                    notes.getOrDefault(r.id(), List.of())))
            .toList();
    }

    /**
     * The incident ticket the system opened gets the reference it named (it waited under
     * a placeholder).
     */
    void named(long ticketId, String reference) {
        jdbc.sql("UPDATE ticket SET reference = ? WHERE id = ?").params(reference, ticketId).update();
    }

    /** The ticket with every note Patchflow wrote on it, whichever change it was for. */
    Optional<Ticket> ticket(long ticketId) {
        return jdbc.sql(TICKET_COLUMNS + "WHERE t.id = ?")
            .param(ticketId)
            .query(TicketRepository::summary)
            .optional()
            .map(t -> withNotes(t,
                    jdbc.sql(NOTE_COLUMNS + "WHERE ticket_id = ? ORDER BY id")
                        .param(ticketId)
                        .query((rs, n) -> note(rs))
                        .list()));
    }

    /**
     * The tickets of these customers with one of these references, in any system; without
     * their notes. Served by the index on {@code ticket(reference)} (V18).
     */
    List<Ticket> byReference(Collection<String> references, Collection<String> customerIds) {
        if (references.isEmpty() || customerIds.isEmpty()) {
            return List.of();
        }
        return jdbc
            .sql(TICKET_COLUMNS + "WHERE t.reference IN (:references) AND t.customer_id IN (:customers) "
                    + "ORDER BY t.customer_id, t.system, t.id")
            .param("references", references)
            .param("customers", customerIds)
            .query(TicketRepository::summary)
            .list();
    }

    /** The changes linked to the ticket, newest first. */
    List<LinkedChange> changesOf(long ticketId) {
        return jdbc
            .sql("SELECT c.id, c.title, c.status, c.outcome, ct.linked_by, ct.linked_at FROM change_ticket ct "
                    + "JOIN change_request c ON c.id = ct.change_id WHERE ct.ticket_id = ? ORDER BY c.id DESC")
            .param(ticketId)
            .query((rs, n) -> new LinkedChange(new io.patchflow.change.ChangeId(rs.getLong(1)), rs.getString(2),
                    rs.getString(3), rs.getString(4), rs.getString(5), rs.getObject(6, OffsetDateTime.class)))
            .list();
    }

    /** Removes the link; true if there was one. The ticket and its notes stay. */
    boolean unlink(long changeId, long ticketId) {
        return jdbc.sql("DELETE FROM change_ticket WHERE change_id = ? AND ticket_id = ?")
            .params(changeId, ticketId)
            .update() == 1;
    }

    private static final String TICKET_COLUMNS = "SELECT t.id, t.customer_id, t.system, t.reference, t.title, t.kind, "
            + "t.status, t.created_at, t.status_read_at FROM ticket t ";

    private static final String NOTE_COLUMNS = "SELECT created_at, milestone, body, status, attempts, last_error, "
            + "last_attempt_at, delivered_at FROM ticket_note ";

    private static Ticket summary(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        OffsetDateTime created = rs.getObject(8, OffsetDateTime.class);
        OffsetDateTime read = rs.getObject(9, OffsetDateTime.class);
        return new Ticket(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), read == null ? created : read, created, List.of());
    }

    private static Ticket.TicketNote note(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Ticket.TicketNote(rs.getObject(1, OffsetDateTime.class), rs.getString(2), rs.getString(3),
                "DELIVERED".equals(rs.getString(4)), rs.getInt(5), rs.getString(6),
                rs.getObject(7, OffsetDateTime.class), rs.getObject(8, OffsetDateTime.class),
                "FAILED".equals(rs.getString(4)));
    }

    private static Ticket withNotes(Ticket t, List<Ticket.TicketNote> notes) {
        return new Ticket(t.id(), t.customerId(), t.system(), t.reference(), t.title(), t.kind(), t.status(),
                t.statusAsOf(), t.createdAt(), notes);
    }

    /** A ticket's status as Patchflow holds it, and as of when. */
    record HeldStatus(long id, String status, OffsetDateTime readAt) {
    }

    /**
     * The ticket's status, its row locked until the transaction ends, so that two updates
     * of one ticket are applied one after the other.
     */
    Optional<HeldStatus> heldStatusForUpdate(String customerId, String system, String reference) {
        return jdbc
            .sql("SELECT id, status, status_read_at FROM ticket WHERE customer_id = ? AND system = ? AND reference = ? "
                    + "FOR UPDATE")
            .params(customerId, system, reference)
            .query((rs, n) -> new HeldStatus(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)))
            .optional();
    }

    /** The changes linked to the ticket. */
    List<Long> changesLinkedTo(long ticketId) {
        return jdbc.sql("SELECT change_id FROM change_ticket WHERE ticket_id = ? ORDER BY change_id")
            .param(ticketId)
            .query(Long.class)
            .list();
    }

    /** The status the ticket's system answered, and when. */
    void statusRead(long ticketId, String status, OffsetDateTime at) {
        jdbc.sql("UPDATE ticket SET status = ?, status_read_at = ? WHERE id = ?")
            .params(status.length() > 100 ? status.substring(0, 100) : status, at, ticketId)
            .update();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

}
