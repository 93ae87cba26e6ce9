package io.patchflow.agent;

import io.patchflow.change.ChangeId;

/**
 * Published, inside the transaction that accepts an agent's result, for the first (and
 * only) accepted result of a job. {@code batchComplete} is true for exactly one result
 * per batch.
 */
public record AgentJobFinished(ChangeId change, long assetId, DeploymentPhase phase, boolean succeeded, String detail,
        boolean batchComplete) {
}
