package io.patchflow.cab;

import java.time.Instant;

/** A person present at a meeting, as the chair recorded them. */
public record Attendee(String username, String recordedBy, Instant recordedAt) {
}
