package io.patchflow.notification;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a digest goes out. A plain function: the outbox asks it, the tests check it
 * without a clock. (When a row is tried again: {@link io.patchflow.shared.Backoff}.)
 */
final class OutboxPolicy {

    private OutboxPolicy() {
    }

    /**
     * The next digest time strictly after {@code now}: {@code hour}:00 in {@code zone},
     * today if that is still ahead, else tomorrow.
     */
    static Instant nextDigest(Instant now, int hour, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        LocalDate day = local.toLocalDate();
        ZonedDateTime today = ZonedDateTime.of(day, LocalTime.of(hour, 0), zone);
        return (today.toInstant().isAfter(now) ? today : ZonedDateTime.of(day.plusDays(1), LocalTime.of(hour, 0), zone))
            .toInstant();
    }

}
