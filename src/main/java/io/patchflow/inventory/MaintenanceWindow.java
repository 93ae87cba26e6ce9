package io.patchflow.inventory;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;

/**
 * A weekly recurring window in the site's own time zone: on each of {@code days}, from
 * {@code start} for {@code length}. Windows may cross midnight; arithmetic is done on local
 * dates and resolved in the zone, so a window keeps its wall-clock time across DST changes.
 */
public record MaintenanceWindow(long id, String customerId, String name, ZoneId zone, Set<DayOfWeek> days,
                                LocalTime start, Duration length) {

    public MaintenanceWindow {
        days = Set.copyOf(days);
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a maintenance window needs at least one day");
        }
        if (length.isZero() || length.isNegative() || length.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("a maintenance window lasts more than zero minutes and at most 7 days");
        }
    }

    /** True when the window covers every moment of every week. */
    public boolean isAlwaysOpen() {
        return days.size() == 7 && length.compareTo(Duration.ofDays(1)) >= 0;
    }

    public boolean isOpenAt(Instant instant) {
        if (isAlwaysOpen()) {
            return true;
        }
        ZonedDateTime at = instant.atZone(zone);
        // An opening up to 7 days back may still be open (windows may last up to a week).
        for (int back = 0; back <= 7; back++) {
            ZonedDateTime day = at.minusDays(back);
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            ZonedDateTime opens = day.toLocalDate().atTime(start).atZone(zone);
            ZonedDateTime closes = opens.plus(length);
            if (!at.isBefore(opens) && at.isBefore(closes)) {
                return true;
            }
        }
        return false;
    }

    /** The first instant at or after {@code from} at which the window is open, within eight days. */
    public Optional<Instant> nextOpening(Instant from) {
        if (isOpenAt(from)) {
            return Optional.of(from);
        }
        ZonedDateTime at = from.atZone(zone);
        for (int ahead = 0; ahead <= 8; ahead++) {
            ZonedDateTime day = at.plusDays(ahead);
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            Instant opens = day.toLocalDate().atTime(start).atZone(zone).toInstant();
            if (!opens.isBefore(from)) {
                return Optional.of(opens);
            }
        }
        return Optional.empty();
    }
}
