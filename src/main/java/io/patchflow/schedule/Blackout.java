package io.patchflow.schedule;

import java.time.Instant;

/**
 * A period in which no deployment may start (HARD) or may start only with a change
 * manager's extra approval (SOFT). {@code customerId} null: it applies to every customer.
 */
public record Blackout(long id, String customerId, String name, Instant start, Instant end, Kind kind) {

    public enum Kind {

        HARD, SOFT

    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }
}
