package io.patchflow.inventory;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import net.fortuna.ical4j.model.Recur;

/**
 * A recurring maintenance window in the site's own time zone: on each day its recurrence
 * rule (an RFC 5545 RRULE, e.g. {@code FREQ=WEEKLY;BYDAY=SA} or
 * {@code FREQ=MONTHLY;BYDAY=2TU}) yields, moved by {@code offsetDays}, the window opens
 * at {@code start} local time and stays open for {@code length} (elapsed time, so a
 * window that spans a DST change is an hour shorter or longer on the wall clock). A local
 * start time that does not exist that day (spring forward) is shifted forward by the gap,
 * as {@link ZonedDateTime} resolves it.
 */
public record MaintenanceWindow(long id, String customerId, String name, ZoneId zone, String recurrence, int offsetDays,
        LocalTime start, Duration length) {

    // Recurrence rules are evaluated from a fixed seed; BYDAY rules do not depend on it.
    private static final LocalDate SEED = LocalDate.of(2000, 1, 3);

    private static final Set<String> FREQUENCIES = Set.of("DAILY", "WEEKLY", "MONTHLY");

    public MaintenanceWindow {
        if (zone == null) {
            throw new IllegalArgumentException("a maintenance window needs a time zone");
        }
        if (length == null || length.isZero() || length.isNegative() || length.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("a maintenance window lasts more than zero minutes and at most 7 days");
        }
        if (offsetDays < -27 || offsetDays > 27) {
            throw new IllegalArgumentException("the day offset of a maintenance window is between -27 and 27");
        }
        recurrence = parse(recurrence).toString();
    }

    /** A window on the given weekdays. */
    public static MaintenanceWindow weekly(long id, String customerId, String name, ZoneId zone, Set<DayOfWeek> days,
            LocalTime start, Duration length) {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a maintenance window needs at least one day");
        }
        String byDay = days.stream().sorted().map(d -> d.name().substring(0, 2)).collect(Collectors.joining(","));
        return new MaintenanceWindow(id, customerId, name, zone, "FREQ=WEEKLY;BYDAY=" + byDay, 0, start, length);
    }

    /**
     * True when the window covers every moment: daily (or on all seven weekdays) for at
     * least a day.
     */
    public boolean isAlwaysOpen() {
        Recur<LocalDate> recur = parse(recurrence);
        boolean everyDay = recur.getFrequency().name().equals("DAILY") && recur.getInterval() <= 1
                || recur.getFrequency().name().equals("WEEKLY") && recur.getDayList().size() == 7;
        return everyDay && length.compareTo(Duration.ofDays(1)) >= 0;
    }

    /** Checks a recurrence rule; the message says what is wrong with it. */
    public static Recur<LocalDate> parse(String recurrence) {
        if (recurrence == null || recurrence.isBlank()) {
            throw new IllegalArgumentException(
                    "a maintenance window needs a recurrence rule, e.g. FREQ=WEEKLY;BYDAY=SA");
        }
        String rule = recurrence.trim().toUpperCase(Locale.ROOT);
        if (rule.startsWith("RRULE:")) {
            rule = rule.substring(6);
        }
        Recur<LocalDate> recur;
        try {
            recur = new Recur<>(rule);
        }
        catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "recurrence rule '" + recurrence + "' does not parse: " + e.getMessage());
        }
        if (recur.getFrequency() == null || !FREQUENCIES.contains(recur.getFrequency().name())) {
            throw new IllegalArgumentException(
                    "recurrence rule '" + recurrence + "': FREQ is DAILY, WEEKLY or MONTHLY");
        }
        if (recur.getUntil() != null || recur.getCount() > 0) {
            throw new IllegalArgumentException("recurrence rule '" + recurrence
                    + "': a maintenance window does not end; " + "leave out UNTIL and COUNT");
        }
        return recur;
    }

    /** One opening of the window: from {@code start} until {@code end}. */
    public record Opening(Instant start, Instant end) {

        public boolean contains(Instant instant) {
            return !instant.isBefore(start) && instant.isBefore(end);
        }
    }

    /** The openings that overlap [from, to), earliest first. */
    public List<Opening> openings(Instant from, Instant to) {
        LocalDate first = from.atZone(zone).toLocalDate().minusDays(length.toDays() + 1);
        LocalDate last = to.atZone(zone).toLocalDate().plusDays(1);
        List<Opening> openings = new ArrayList<>();
        for (LocalDate day : openingDays(first, last)) {
            Instant opens = day.atTime(start).atZone(zone).toInstant();
            Instant closes = opens.plus(length);
            if (closes.isAfter(from) && opens.isBefore(to)) {
                openings.add(new Opening(opens, closes));
            }
        }
        openings.sort(Comparator.comparing(Opening::start));
        return openings;
    }

    /**
     * The days the window opens on, between two dates (both included), offset applied.
     */
    private List<LocalDate> openingDays(LocalDate first, LocalDate last) {
        Recur<LocalDate> recur = parse(recurrence);
        return recur.getDates(SEED, first.minusDays(offsetDays), last.minusDays(offsetDays).plusDays(1))
            .stream()
            .map(d -> d.plusDays(offsetDays))
            .filter(d -> !d.isBefore(first) && !d.isAfter(last))
            .toList();
    }

    public Optional<Opening> openingAt(Instant instant) {
        return openings(instant, instant.plusSeconds(1)).stream().filter(o -> o.contains(instant)).findFirst();
    }

    public boolean isOpenAt(Instant instant) {
        return openingAt(instant).isPresent();
    }

    /**
     * The first instant at or after {@code from} at which the window is open, looking up
     * to {@code horizon} ahead.
     */
    public Optional<Instant> nextOpening(Instant from, Duration horizon) {
        return openings(from, from.plus(horizon)).stream()
            .findFirst()
            .map(o -> o.start().isBefore(from) ? from : o.start());
    }

    public Optional<Instant> nextOpening(Instant from) {
        return nextOpening(from, Duration.ofDays(62));
    }
}
