package io.patchflow.ticketing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The events ticketing systems sent to the inbound webhook, one row each (ADR 0045): the
 * unique keys are what makes a repeated delivery a no-op.
 */
@Repository
class TicketingWebhookEventRepository {

    private final JdbcClient jdbc;

    TicketingWebhookEventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the event in the current transaction.
     * @throws org.springframework.dao.DuplicateKeyException when the event (its id or the
     * hash of what was signed) is recorded already, or another transaction is recording
     * it and commits first
     */
    void record(String customerId, String system, String eventId, String signedSha256, String reference, String outcome,
            Instant eventAt, Instant receivedAt) {
        jdbc.sql("INSERT INTO ticketing_webhook_event(customer_id, system, event_id, signed_sha256, reference, "
                + "outcome, event_at, received_at) VALUES (?,?,?,?,?,?,?,?)")
            .params(customerId, system, eventId, signedSha256, reference, outcome, utc(eventAt), utc(receivedAt))
            .update();
    }

    int count(String customerId, String system) {
        return jdbc.sql("SELECT COUNT(*) FROM ticketing_webhook_event WHERE customer_id = ? AND system = ?")
            .params(customerId, system)
            .query(Integer.class)
            .single();
    }

    /** Forgets events received before {@code before}; returns how many. */
    int forget(Instant before) {
        return jdbc.sql("DELETE FROM ticketing_webhook_event WHERE received_at < ?").param(utc(before)).update();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

}
