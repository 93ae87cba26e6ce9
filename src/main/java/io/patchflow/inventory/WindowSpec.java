package io.patchflow.inventory;

/**
 * A maintenance window as people write it: {@code recurrence} is an RFC 5545 RRULE
 * ({@code FREQ=WEEKLY;BYDAY=SA,SU}, {@code FREQ=MONTHLY;BYDAY=2TU}), {@code offsetDays}
 * moves each day the rule yields ("second Tuesday + 4 days"), {@code start} is local
 * "HH:mm" in {@code timeZone}, and the window stays open for {@code durationMinutes},
 * past midnight if need be.
 */
public record WindowSpec(String name, String timeZone, String recurrence, Integer offsetDays, String start,
        Integer durationMinutes) {
}
