package io.patchflow.notification;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Runs the sender and the scans on this node, each with a fixed delay after the previous
 * run ended. Every node may run them: a row is claimed before it is sent, and the scans
 * write through idempotency keys. Off with
 * {@code patchflow.notifications.scheduler-enabled=false} (the tests call them by hand).
 */
@Configuration
@EnableScheduling
@ConditionalOnProperty(name = "patchflow.notifications.scheduler-enabled", havingValue = "true", matchIfMissing = true)
class NotificationSchedule {

    private static final Logger log = LoggerFactory.getLogger(NotificationSchedule.class);

    private final OutboxSender sender;

    private final Notifications notifications;

    private final Outbox outbox;

    NotificationSchedule(OutboxSender sender, Notifications notifications, Outbox outbox) {
        this.sender = sender;
        this.notifications = notifications;
        this.outbox = outbox;
    }

    @Scheduled(fixedDelayString = "${patchflow.notifications.send-interval:PT10S}", initialDelayString = "PT15S")
    void send() {
        try {
            sender.sendDue(Instant.now());
        }
        catch (RuntimeException e) {
            // the database may be away for a moment; the next run tries again
            log.warn("Notification sender run failed: {}", e.toString());
        }
    }

    @Scheduled(fixedDelayString = "${patchflow.notifications.scan-interval:PT1M}", initialDelayString = "PT30S")
    void scan() {
        Instant now = Instant.now();
        try {
            notifications.scanSlaBreaches(now);
            notifications.scanWindowOpenings(now);
            outbox.releaseDigests(now);
            outbox.purgeDelivered(now);
        }
        catch (RuntimeException e) {
            log.warn("Notification scan failed: {}", e.toString());
        }
    }

}
