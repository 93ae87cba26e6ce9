package io.patchflow.deployment;

import java.util.List;

import io.patchflow.change.ChangeId;
import io.patchflow.change.DeploymentPhase;

/**
 * Work for agents, seen from deployment: hand out one batch of jobs per phase (or wave), and
 * close what is still open when the process stops waiting. Implemented by the agent API.
 */
public interface AgentJobs {

    /**
     * Queues one job per asset as one batch; returns the number of jobs queued. With
     * {@code withinWindow}, an agent gets the job only while its asset's maintenance window is open.
     */
    int dispatch(ChangeId change, DeploymentPhase phase, Integer wave, List<Long> assetIds, String payload, boolean withinWindow);

    /** Marks the batch's unfinished jobs timed out; returns their asset ids. Late answers are then refused. */
    List<Long> expireOpen(ChangeId change, DeploymentPhase phase);

    /** Withdraws every unfinished job of the change (it was cancelled). */
    int cancelOpen(ChangeId change);
}
