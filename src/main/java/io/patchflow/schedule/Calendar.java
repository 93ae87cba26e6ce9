package io.patchflow.schedule;

import java.time.Instant;
import java.util.List;

/**
 * What a customer's calendar shows for a period: when windows open, blackouts, scheduled
 * changes and their conflicts.
 */
public record Calendar(String customerId, Instant from, Instant to, List<WindowOpening> openings,
        List<Blackout> blackouts, List<ScheduledChange> changes) {

    public record WindowOpening(long windowId, String window, String timeZone, Instant start, Instant end) {
    }

    public record ScheduledChange(String id, String title, String status, String changeType, Instant start, Instant end,
            List<ChangeConflict> conflicts) {
    }
}
