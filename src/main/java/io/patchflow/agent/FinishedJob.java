package io.patchflow.agent;

import java.time.OffsetDateTime;

/**
 * What an agent job of a change ended with: the phase, how it ended ({@code SUCCEEDED},
 * {@code FAILED}, {@code TIMED_OUT}, {@code CANCELLED}) and what the agent reported (its
 * log excerpt; null for a job no agent answered).
 */
public record FinishedJob(long assetId, DeploymentPhase phase, String status, OffsetDateTime finishedAt,
        String detail) {

    /**
     * Whether the job ended badly: the agent reported failure, or never answered in time.
     */
    public boolean failed() {
        return "FAILED".equals(status) || "TIMED_OUT".equals(status);
    }

}
