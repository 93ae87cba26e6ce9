package io.patchflow.inbox;

import java.time.Instant;

/**
 * A person is away from {@code from} until {@code until} (UTC), and {@code deputy} takes
 * the tasks assigned to them meanwhile (ADR 0039).
 */
public record Absence(long id, String username, String deputy, Instant from, Instant until) {

    /** Whether the absence runs at {@code now}: it has begun and not ended. */
    public boolean runsAt(Instant now) {
        return !from.isAfter(now) && until.isAfter(now);
    }

}
