package io.patchflow.notification;

import java.time.Instant;

/** One row of the outbox: a mail to one address, or one webhook call. */
record OutboxRow(Long id, String key, Channel channel, NotificationEvent event, String customerId, Long changeId,
        String recipient, String address, String subject, String body, String link, String status, int attempts,
        Instant nextAttemptAt, String lastError, Instant createdAt, Instant sentAt) {

    static OutboxRow pending(String key, Channel channel, NotificationEvent event, String customerId, Long changeId,
            String recipient, String address, String subject, String body, String link, String status, Instant dueAt,
            Instant now) {
        return new OutboxRow(null, key, channel, event, customerId, changeId, recipient, address, subject, body, link,
                status, 0, dueAt, null, now, null);
    }

}
