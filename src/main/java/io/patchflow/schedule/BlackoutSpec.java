package io.patchflow.schedule;

import java.time.OffsetDateTime;

/**
 * A blackout as requested: customerId null or absent means every customer (administrators
 * only).
 */
public record BlackoutSpec(String customerId, String name, OffsetDateTime start, OffsetDateTime end, String kind) {
}
