package io.patchflow.notification;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When an outbox row is tried again, and when a digest goes out. Plain functions: the
 * sender and the outbox ask them, the tests check them without a clock.
 */
final class OutboxPolicy {

    private OutboxPolicy() {
    }

    /**
     * The wait after the {@code attempts}-th failed attempt: {@code initial}, doubled
     * with each further failure, never longer than {@code cap}. A row is never given up:
     * a mail server that is down for a day delays mail, it loses none.
     */
    static Duration backoff(int attempts, Duration initial, Duration cap) {
        if (attempts <= 1) {
            return min(initial, cap);
        }
        // 2^30 times any sensible initial wait is far past any cap; stop doubling there.
        int doublings = Math.min(attempts - 1, 30);
        Duration wait = initial;
        for (int i = 0; i < doublings && wait.compareTo(cap) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return min(wait, cap);
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

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

}
