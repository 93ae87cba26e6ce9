package io.patchflow.change;

import java.time.OffsetDateTime;

/**
 * One step the change's process went through: what, when, and who did it (for people's
 * tasks).
 */
public record ProcessStep(String activityId, String name, String type, OffsetDateTime startedAt, OffsetDateTime endedAt,
        String performedBy, boolean canceled) {

    public boolean active() {
        return endedAt == null;
    }
}
