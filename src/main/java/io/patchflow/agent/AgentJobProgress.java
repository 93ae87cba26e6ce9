package io.patchflow.agent;

import io.patchflow.change.ChangeId;

/**
 * Published when an agent says what it is doing on an asset (BACKING_UP, INSTALLING,
 * REBOOTING, VERIFYING, ROLLING_BACK).
 */
public record AgentJobProgress(ChangeId change, long assetId, String state, String detail) {
}
