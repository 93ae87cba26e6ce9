package io.patchflow.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Window arithmetic for a set of assets: when are all of their maintenance windows open
 * at once, outside the periods in which deployment is excluded (blackouts)?
 */
public final class WindowCalendar {

    /**
     * How far ahead a change may be scheduled: long enough for monthly windows to come
     * round twice.
     */
    public static final Duration HORIZON = Duration.ofDays(62);

    /**
     * A time in which no deployment may start (hard) or only with an extra approval
     * (soft).
     */
    public record Exclusion(Instant start, Instant end, boolean soft) {

        boolean contains(Instant instant) {
            return !instant.isBefore(start) && instant.isBefore(end);
        }
    }

    /**
     * A moment when everything is open, and until when it stays so.
     * {@code inSoftExclusion}: it lies in a soft blackout, so deploying then needs an
     * extra approval.
     */
    public record Slot(Instant start, Instant end, boolean inSoftExclusion) {

        public boolean overlaps(Instant otherStart, Instant otherEnd) {
            return start.isBefore(otherEnd) && otherStart.isBefore(end);
        }
    }

    private WindowCalendar() {
    }

    /** The first instant at or after {@code from} at which every window is open. */
    public static Optional<Instant> firstCommonOpening(Collection<MaintenanceWindow> windows, Instant from) {
        return firstCommonSlot(windows, from, List.of(), false).map(Slot::start);
    }

    /**
     * The first slot at or after {@code from} at which every window is open and no hard
     * exclusion (nor a soft one, when {@code avoidSoft}) applies. Such a slot starts
     * either at {@code from}, at a window's opening or at an exclusion's end, so only
     * those instants are tried.
     */
    public static Optional<Slot> firstCommonSlot(Collection<MaintenanceWindow> windows, Instant from,
            Collection<Exclusion> exclusions, boolean avoidSoft) {
        List<MaintenanceWindow> all = List.copyOf(windows);
        Instant horizon = from.plus(HORIZON);
        TreeSet<Instant> candidates = new TreeSet<>();
        candidates.add(from);
        for (MaintenanceWindow window : all) {
            window.openings(from, horizon).forEach(o -> candidates.add(o.start().isBefore(from) ? from : o.start()));
        }
        for (Exclusion exclusion : exclusions) {
            if (!exclusion.end().isBefore(from) && exclusion.end().isBefore(horizon)) {
                candidates.add(exclusion.end());
            }
        }
        for (Instant candidate : candidates) {
            if (exclusions.stream().anyMatch(e -> e.contains(candidate) && (!e.soft() || avoidSoft))) {
                continue;
            }
            Instant end = null;
            boolean allOpen = true;
            for (MaintenanceWindow window : all) {
                Optional<MaintenanceWindow.Opening> open = window.openingAt(candidate);
                if (open.isEmpty()) {
                    allOpen = false;
                    break;
                }
                end = end == null ? open.get().end() : min(end, open.get().end());
            }
            if (!allOpen) {
                continue;
            }
            if (end == null) {
                end = candidate.plus(Duration.ofDays(1)); // with no windows, a day is the
                                                          // nominal slot
            }
            for (Exclusion exclusion : exclusions) {
                if ((!exclusion.soft() || avoidSoft) && exclusion.start().isAfter(candidate)) {
                    end = min(end, exclusion.start());
                }
            }
            Instant start = candidate;
            boolean soft = exclusions.stream().anyMatch(e -> e.soft() && e.contains(start));
            return Optional.of(new Slot(candidate, end, soft));
        }
        return Optional.empty();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

}
