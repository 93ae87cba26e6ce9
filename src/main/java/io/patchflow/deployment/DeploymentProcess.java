package io.patchflow.deployment;

import io.patchflow.agent.DeploymentPhase;
import io.patchflow.change.ChangeId;

/**
 * The change's process, as far as deployment needs it. Implemented by the workflow
 * adapter.
 */
public interface DeploymentProcess {

    /**
     * Tells the waiting process that every agent job of the phase has reached a final
     * state.
     */
    void agentJobsFinished(ChangeId change, DeploymentPhase phase);

}
