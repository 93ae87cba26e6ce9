package io.patchflow.schedule;

import java.time.OffsetDateTime;

import io.patchflow.change.ChangeId;

/**
 * Another open change that wanted the same assets at the same time. POSTPONED: this
 * change was scheduled after it. OVERRIDDEN: an emergency change went ahead anyway.
 */
public record ChangeConflict(ChangeId otherChange, int sharedAssets, String resolution, String detail,
        OffsetDateTime detectedAt) {
}
