package io.patchflow.notification;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.patchflow.shared.DateTimes;

/** The notification outbox, {@code notification_outbox}. */
@Repository
class OutboxRepository {

    static final String PENDING = "PENDING";

    static final String SENDING = "SENDING";

    static final String SENT = "SENT";

    static final String HELD = "HELD";

    static final String DIGESTED = "DIGESTED";

    private static final String COLUMNS = "id, idempotency_key, channel, event_type, customer_id, change_id, recipient, "
            + "address, subject, body, link, status, attempts, next_attempt_at, last_error, created_at, sent_at";

    private final JdbcClient jdbc;

    OutboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Writes the row unless one with its key exists; true if written. A check, not a
     * caught unique violation: on PostgreSQL that would abort the caller's transaction,
     * which is the transaction of the thing the notification reports.
     */
    boolean insertIfAbsent(OutboxRow row) {
        return jdbc.sql("INSERT INTO notification_outbox (idempotency_key, channel, event_type, customer_id, "
                + "change_id, recipient, address, subject, body, link, status, attempts, next_attempt_at, created_at) "
                + "SELECT CAST(? AS VARCHAR(300)), CAST(? AS VARCHAR(10)), CAST(? AS VARCHAR(30)), "
                + "CAST(? AS VARCHAR(40)), CAST(? AS BIGINT), CAST(? AS VARCHAR(100)), CAST(? AS VARCHAR(500)), "
                + "CAST(? AS VARCHAR(300)), CAST(? AS VARCHAR(10000)), CAST(? AS VARCHAR(500)), "
                + "CAST(? AS VARCHAR(10)), 0, CAST(? AS TIMESTAMP WITH TIME ZONE), "
                + "CAST(? AS TIMESTAMP WITH TIME ZONE) "
                + "WHERE NOT EXISTS (SELECT 1 FROM notification_outbox WHERE idempotency_key = ?)")
            .params(row.key(), row.channel().name(), row.event().name(), row.customerId(), row.changeId(),
                    row.recipient(), row.address(), row.subject(), row.body(), row.link(), row.status(),
                    DateTimes.column(row.nextAttemptAt()), DateTimes.column(row.createdAt()), row.key())
            .update() > 0;
    }

    /**
     * Ids of rows due for delivery, or claimed by a node that has not finished in time.
     */
    List<Long> due(Instant now, int limit) {
        return jdbc.sql("SELECT id FROM notification_outbox WHERE (status = 'PENDING' AND next_attempt_at <= ?) "
                + "OR (status = 'SENDING' AND claimed_until < ?) ORDER BY next_attempt_at, id FETCH FIRST ? ROWS ONLY")
            .params(DateTimes.column(now), DateTimes.column(now), limit)
            .query(Long.class)
            .list();
    }

    /**
     * Takes the row for {@code node} if it is still due: a conditional update, so of two
     * nodes that saw the same row only one sends it.
     */
    boolean claim(long id, String node, Instant now, Instant until) {
        return jdbc
            .sql("UPDATE notification_outbox SET status = 'SENDING', claimed_by = ?, claimed_until = ? WHERE id = ? "
                    + "AND ((status = 'PENDING' AND next_attempt_at <= ?) OR (status = 'SENDING' AND claimed_until < ?))")
            .params(node, DateTimes.column(until), id, DateTimes.column(now), DateTimes.column(now))
            .update() == 1;
    }

    void markSent(long id, String node, Instant now) {
        jdbc.sql("UPDATE notification_outbox SET status = 'SENT', sent_at = ?, attempts = attempts + 1, "
                + "claimed_by = NULL, claimed_until = NULL, last_error = NULL WHERE id = ? AND claimed_by = ?")
            .params(DateTimes.column(now), id, node)
            .update();
    }

    void markFailed(long id, String node, Instant nextAttemptAt, String error) {
        jdbc.sql("UPDATE notification_outbox SET status = 'PENDING', attempts = attempts + 1, next_attempt_at = ?, "
                + "claimed_by = NULL, claimed_until = NULL, last_error = ? WHERE id = ? AND claimed_by = ?")
            .params(DateTimes.column(nextAttemptAt), error.length() > 1000 ? error.substring(0, 1000) : error, id, node)
            .update();
    }

    Optional<OutboxRow> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notification_outbox WHERE id = ?")
            .param(id)
            .query(OutboxRepository::row)
            .optional();
    }

    /** Rows held for a digest whose time has come, by address, oldest first. */
    List<OutboxRow> heldDue(Instant now, int limit) {
        return jdbc
            .sql("SELECT " + COLUMNS + " FROM notification_outbox WHERE status = 'HELD' AND next_attempt_at <= ? "
                    + "ORDER BY address, id FETCH FIRST ? ROWS ONLY")
            .params(DateTimes.column(now), limit)
            .query(OutboxRepository::row)
            .list();
    }

    /** Marks held rows as sent in a digest; only rows still held. */
    int markDigested(List<Long> ids, Instant now) {
        int done = 0;
        for (Long id : ids) {
            done += jdbc
                .sql("UPDATE notification_outbox SET status = 'DIGESTED', sent_at = ? WHERE id = ? AND status = 'HELD'")
                .params(DateTimes.column(now), id)
                .update();
        }
        return done;
    }

    /**
     * Deletes up to {@code limit} rows delivered (sent, or sent in a digest) before
     * {@code before}; returns how many.
     */
    int purgeDelivered(Instant before, int limit) {
        return jdbc
            .sql("DELETE FROM notification_outbox WHERE id IN (SELECT id FROM notification_outbox "
                    + "WHERE status IN ('SENT', 'DIGESTED') AND sent_at < ? ORDER BY id FETCH FIRST ? ROWS ONLY)")
            .params(DateTimes.column(before), limit)
            .update();
    }

    /** The most recent rows addressed to a person, newest first (their settings page). */
    List<OutboxRow> recentFor(String username, int limit) {
        return jdbc
            .sql("SELECT " + COLUMNS
                    + " FROM notification_outbox WHERE recipient = ? ORDER BY id DESC FETCH FIRST ? ROWS ONLY")
            .params(username, limit)
            .query(OutboxRepository::row)
            .list();
    }

    List<OutboxRow> ofChange(long changeId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notification_outbox WHERE change_id = ? ORDER BY id")
            .param(changeId)
            .query(OutboxRepository::row)
            .list();
    }

    private static OutboxRow row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Long change = rs.getObject("change_id", Long.class);
        return new OutboxRow(rs.getLong("id"), rs.getString("idempotency_key"),
                Channel.valueOf(rs.getString("channel")), NotificationEvent.valueOf(rs.getString("event_type")),
                rs.getString("customer_id"), change, rs.getString("recipient"), rs.getString("address"),
                rs.getString("subject"), rs.getString("body"), rs.getString("link"), rs.getString("status"),
                rs.getInt("attempts"), instant(rs.getObject("next_attempt_at", OffsetDateTime.class)),
                rs.getString("last_error"), instant(rs.getObject("created_at", OffsetDateTime.class)),
                instant(rs.getObject("sent_at", OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

}
