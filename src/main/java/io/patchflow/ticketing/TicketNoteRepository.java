package io.patchflow.ticketing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.patchflow.shared.DateTimes;

/**
 * Notes on tickets ({@code ticket_note}): what Patchflow wrote on each ticket, and, for a
 * ticket in an external system, whether it arrived there (ADR 0042).
 */
@Repository
class TicketNoteRepository {

    private final JdbcClient jdbc;

    TicketNoteRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What the outbox delivers (ADR 0047). */
    enum Kind {

        /** A note posted on the ticket. */
        NOTE,
        /** The incident ticket itself, opened in the external system. */
        OPEN,
        /** The ticket moved to the stage named in the body. */
        MOVE

    }

    /** A note as the sender needs it. */
    record PendingNote(long id, long ticketId, String customerId, String system, String reference, String noteKey,
            String body, int attempts, Kind kind, String title, Long changeId) {
    }

    /**
     * Records the note unless the ticket has one with that key already; true if it was
     * recorded. Delivered at once ({@code delivered}) for the built-in register, else due
     * now.
     */
    boolean record(long ticketId, Long changeId, String noteKey, String milestone, String body, boolean delivered,
            Instant now) {
        return record(ticketId, changeId, Kind.NOTE, noteKey, milestone, body, delivered, now);
    }

    boolean record(long ticketId, Long changeId, Kind kind, String noteKey, String milestone, String body,
            boolean delivered, Instant now) {
        return jdbc
            .sql("INSERT INTO ticket_note (ticket_id, change_id, kind, note_key, milestone, body, created_at, status, "
                    + "next_attempt_at, delivered_at) SELECT :ticket, :change, :kind, :key, :milestone, :body, :now, "
                    + ":status, :due, :delivered FROM ticket t WHERE t.id = :ticket AND NOT EXISTS (SELECT 1 FROM "
                    + "ticket_note n WHERE n.ticket_id = :ticket AND n.note_key = :key)")
            .param("ticket", ticketId)
            .param("kind", kind.name())
            .param("change", changeId)
            .param("key", noteKey)
            .param("milestone", milestone)
            .param("body", body)
            .param("now", DateTimes.column(now))
            .param("status", delivered ? "DELIVERED" : "PENDING")
            .param("due", delivered ? null : DateTimes.column(now))
            .param("delivered", delivered ? DateTimes.column(now) : null)
            .update() == 1;
    }

    boolean exists(long ticketId, String noteKey) {
        return jdbc.sql("SELECT count(*) FROM ticket_note WHERE ticket_id = ? AND note_key = ?")
            .params(ticketId, noteKey)
            .query(Long.class)
            .single() > 0;
    }

    /**
     * Ids of the notes due for delivery (or claimed by a node that did not finish in
     * time), each the oldest undelivered note of its ticket: a ticket's notes arrive in
     * the order they were written.
     */
    List<Long> due(Instant now, int limit) {
        return jdbc.sql("SELECT n.id FROM ticket_note n WHERE ((n.status = 'PENDING' AND n.next_attempt_at <= :now) "
                + "OR (n.status = 'SENDING' AND n.claimed_until < :now)) AND NOT EXISTS (SELECT 1 FROM ticket_note e "
                + "WHERE e.ticket_id = n.ticket_id AND e.id < n.id AND e.status IN ('PENDING', 'SENDING')) "
                + "ORDER BY n.next_attempt_at, n.id FETCH FIRST :limit ROWS ONLY")
            .param("now", DateTimes.column(now))
            .param("limit", limit)
            .query(Long.class)
            .list();
    }

    /**
     * Takes the note for {@code node} if it is still due: a conditional update, so of two
     * nodes that saw it only one sends it. Counts the attempt as it begins, so a note
     * taken over from a node that died while posting it shows that node's attempt.
     */
    boolean claim(long id, String node, Instant now, Instant until) {
        return jdbc.sql("UPDATE ticket_note SET status = 'SENDING', claimed_by = ?, claimed_until = ?, "
                + "attempts = attempts + 1, last_attempt_at = ? WHERE id = ? "
                + "AND ((status = 'PENDING' AND next_attempt_at <= ?) OR (status = 'SENDING' AND claimed_until < ?))")
            .params(node, DateTimes.column(until), DateTimes.column(now), id, DateTimes.column(now),
                    DateTimes.column(now))
            .update() == 1;
    }

    Optional<PendingNote> find(long id) {
        return jdbc
            .sql("SELECT n.id, n.ticket_id, t.customer_id, t.system, t.reference, n.note_key, n.body, n.attempts, "
                    + "n.kind, t.title, n.change_id FROM ticket_note n JOIN ticket t ON t.id = n.ticket_id WHERE n.id = ?")
            .param(id)
            .query(TicketNoteRepository::pending)
            .optional();
    }

    /** Delivered; only while {@code node} still holds the claim. */
    boolean markDelivered(long id, String node, Instant now) {
        return jdbc
            .sql("UPDATE ticket_note SET status = 'DELIVERED', delivered_at = ?, claimed_by = NULL, "
                    + "claimed_until = NULL, last_error = NULL WHERE id = ? AND claimed_by = ?")
            .params(DateTimes.column(now), id, node)
            .update() == 1;
    }

    /**
     * Refused for good (a move the system would not make): reported, not retried; the
     * ticket's later notes go on.
     */
    void markRefused(long id, String node, String error) {
        jdbc.sql("UPDATE ticket_note SET status = 'FAILED', claimed_by = NULL, claimed_until = NULL, last_error = ? "
                + "WHERE id = ? AND claimed_by = ?")
            .params(error.length() > 1000 ? error.substring(0, 1000) : error, id, node)
            .update();
    }

    void markFailed(long id, String node, Instant nextAttemptAt, String error) {
        jdbc.sql("UPDATE ticket_note SET status = 'PENDING', next_attempt_at = ?, claimed_by = NULL, "
                + "claimed_until = NULL, last_error = ? WHERE id = ? AND claimed_by = ?")
            .params(DateTimes.column(nextAttemptAt), error.length() > 1000 ? error.substring(0, 1000) : error, id, node)
            .update();
    }

    private static PendingNote pending(ResultSet rs, int n) throws SQLException {
        long change = rs.getLong(11);
        return new PendingNote(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getInt(8), Kind.valueOf(rs.getString(9)), rs.getString(10),
                rs.wasNull() ? null : change);
    }

}
