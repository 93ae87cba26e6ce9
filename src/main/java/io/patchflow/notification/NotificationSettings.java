package io.patchflow.notification;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code patchflow.notifications.*} (docs/notifications.md).
 *
 * @param from the sender address of every mail
 * @param schedulerEnabled whether this node runs the sender and the scans on a timer
 * (tests call them by hand)
 * @param sendInterval the pause between two runs of the sender
 * @param scanInterval the pause between two scans for SLA breaches, window openings and
 * digests that are due
 * @param batchSize rows a sender run delivers at most
 * @param initialBackoff the wait after a first failed attempt; doubled after each further
 * failure
 * @param maxBackoff the longest wait between two attempts
 * @param claimTimeout how long a node holds a row it is sending; after that another node
 * may send it (a node that died while sending)
 * @param digestHour the hour of the day the digests go out
 * @param digestZone the time zone of that hour
 * @param allowHttpWebhooks whether a webhook may be plain http (only for tests: a chat
 * webhook's address is a secret)
 * @param allowPrivateWebhooks whether a webhook may be on this host or a private network
 * (tests, or a chat server inside the network on purpose); refused otherwise
 * @param keepDelivered how long a sent row (and its idempotency key) is kept; longer than
 * any retry or scan look-back, so a late repeat of an event is still recognised
 */
@ConfigurationProperties("patchflow.notifications")
public record NotificationSettings(@DefaultValue("patchflow@localhost") String from,
        @DefaultValue("true") boolean schedulerEnabled, @DefaultValue("PT10S") Duration sendInterval,
        @DefaultValue("PT1M") Duration scanInterval, @DefaultValue("50") int batchSize,
        @DefaultValue("PT30S") Duration initialBackoff, @DefaultValue("PT1H") Duration maxBackoff,
        @DefaultValue("PT5M") Duration claimTimeout, @DefaultValue("7") int digestHour,
        @DefaultValue("UTC") ZoneId digestZone, @DefaultValue("false") boolean allowHttpWebhooks,
        @DefaultValue("false") boolean allowPrivateWebhooks, @DefaultValue("P90D") Duration keepDelivered) {

    public NotificationSettings {
        if (digestHour < 0 || digestHour > 23) {
            throw new IllegalArgumentException("patchflow.notifications.digest-hour is 0 to 23, was " + digestHour);
        }
        if (batchSize < 1 || initialBackoff.isNegative() || initialBackoff.isZero()
                || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("patchflow.notifications: batch-size is at least 1, "
                    + "initial-backoff positive and max-backoff at least initial-backoff");
        }
        if (keepDelivered.compareTo(Duration.ofDays(2)) < 0) {
            throw new IllegalArgumentException("patchflow.notifications.keep-delivered is at least P2D, was "
                    + keepDelivered + ": the SLA scan looks a day back and must still find its keys");
        }
    }

}
