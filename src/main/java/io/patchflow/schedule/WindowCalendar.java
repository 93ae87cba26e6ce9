package io.patchflow.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import io.patchflow.inventory.MaintenanceWindow;

/** Window arithmetic for a set of assets: when are all of their maintenance windows open at once? */
public final class WindowCalendar {

    /** How far ahead a change may be scheduled. */
    public static final Duration HORIZON = Duration.ofDays(28);

    private WindowCalendar() {
    }

    /**
     * The first instant at or after {@code from} at which every window is open. Such an instant is
     * either {@code from} itself or the opening of one of the windows, so only those are tried.
     */
    public static Optional<Instant> firstCommonOpening(Collection<MaintenanceWindow> windows, Instant from) {
        List<MaintenanceWindow> all = List.copyOf(windows);
        TreeSet<Instant> candidates = new TreeSet<>();
        candidates.add(from);
        Instant horizon = from.plus(HORIZON);
        for (MaintenanceWindow window : all) {
            Instant cursor = from;
            while (cursor.isBefore(horizon)) {
                Optional<Instant> next = window.nextOpening(cursor);
                if (next.isEmpty() || next.get().isAfter(horizon)) {
                    break;
                }
                candidates.add(next.get());
                // Step past this opening to find the next one; windows open at most once a day.
                Instant after = next.get().plus(window.length()).plusSeconds(60);
                cursor = after.isAfter(cursor) ? after : cursor.plus(Duration.ofHours(1));
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
