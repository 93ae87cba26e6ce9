package io.patchflow.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;


/** Window arithmetic for a set of assets: when are all of their maintenance windows open at once? */
public final class WindowCalendar {

    /** How far ahead a change may be scheduled. */
    public static final Duration HORIZON = Duration.ofDays(28);

    private WindowCalendar() {
    }

    /**
     * The first instant at or after {@code from} at which every window is open. Such an instant is
     * either {@code from} itself or the opening of one of the windows, so only those are tried:
     * one per window and day, at most a few hundred.
     */
    public static Optional<Instant> firstCommonOpening(Collection<MaintenanceWindow> windows, Instant from) {
        List<MaintenanceWindow> all = List.copyOf(windows);
        TreeSet<Instant> candidates = new TreeSet<>();
        candidates.add(from);
        Instant horizon = from.plus(HORIZON);
        for (MaintenanceWindow window : all) {
            // Each day's opening in the window's own zone; an opening before "from" cannot start the change.
            java.time.LocalDate first = from.atZone(window.zone()).toLocalDate();
            for (int day = 0; day <= HORIZON.toDays(); day++) {
                java.time.LocalDate date = first.plusDays(day);
                if (window.days().contains(date.getDayOfWeek())) {
                    Instant opens = date.atTime(window.start()).atZone(window.zone()).toInstant();
                    if (!opens.isBefore(from) && !opens.isAfter(horizon)) {
                        candidates.add(opens);
                    }
                }
            }
        }
        for (Instant candidate : candidates) {
            if (all.stream().allMatch(w -> w.isOpenAt(candidate))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
