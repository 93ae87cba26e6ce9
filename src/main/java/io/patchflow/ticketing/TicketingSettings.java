package io.patchflow.ticketing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code patchflow.ticketing.*} (docs/ticketing.md).
 *
 * @param schedulerEnabled whether this node delivers notes on a timer (tests call the
 * sender by hand)
 * @param sendInterval the pause between two runs of the sender
 * @param batchSize notes a run delivers at most
 * @param initialBackoff the wait after a first failed attempt; doubled after each further
 * failure
 * @param maxBackoff the longest wait between two attempts (a system's {@code Retry-After}
 * may ask for longer)
 * @param claimTimeout how long a node holds a note it is posting; after that another node
 * may post it (a node that died while posting), having first looked for it on the ticket
 */
@ConfigurationProperties("patchflow.ticketing")
public record TicketingSettings(@DefaultValue("true") boolean schedulerEnabled,
        @DefaultValue("PT10S") Duration sendInterval, @DefaultValue("50") int batchSize,
        @DefaultValue("PT30S") Duration initialBackoff, @DefaultValue("PT30M") Duration maxBackoff,
        @DefaultValue("PT2M") Duration claimTimeout) {

    public TicketingSettings {
        if (batchSize < 1 || initialBackoff.isNegative() || initialBackoff.isZero()
                || maxBackoff.compareTo(initialBackoff) < 0 || claimTimeout.isNegative() || claimTimeout.isZero()) {
            throw new IllegalArgumentException("patchflow.ticketing: batch-size is at least 1, initial-backoff and "
                    + "claim-timeout positive, and max-backoff at least initial-backoff");
        }
    }

}
