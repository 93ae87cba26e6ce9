package io.patchflow.deployment;

import java.util.List;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.agent.AgentJobFinished;
import io.patchflow.agent.AgentJobProgress;
import io.patchflow.agent.AgentJobService;
import io.patchflow.agent.DeploymentPhase;
import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeLifecycle;
import io.patchflow.security.Actor;

/**
 * What agents report, applied to the assets: each result moves its asset on, the last
 * result of a phase wakes the process, and silence past the timeout counts as failure.
 */
@Service
public class AgentResults {

    private final ChangeAssetRepository assets;

    private final AgentJobService agentJobs;

    private final DeploymentProcess process;

    private final ChangeLifecycle lifecycle;

    private final AuditTrail audit;

    AgentResults(ChangeAssetRepository assets, AgentJobService agentJobs, DeploymentProcess process,
            ChangeLifecycle lifecycle, AuditTrail audit) {
        this.assets = assets;
        this.agentJobs = agentJobs;
        this.process = process;
        this.lifecycle = lifecycle;
        this.audit = audit;
    }

    /**
     * Moves the asset along as its agent reports, and wakes the process when the batch is
     * done.
     */
    @EventListener
    public void onFinished(AgentJobFinished event) {
        assets.setState(event.change(), List.of(event.assetId()), AssetStates.after(event.phase(), event.succeeded()),
                event.detail());
        if (event.batchComplete()) {
            process.agentJobsFinished(event.change(), event.phase());
        }
    }

    /** The change page shows what the agent says it is doing, as it does it. */
    @EventListener
    public void onProgress(AgentJobProgress event) {
        assets.setState(event.change(), List.of(event.assetId()), AssetState.valueOf(event.state()), event.detail());
    }

    /** Applies timeouts: what did not answer in time counts as failed. */
    @Transactional
    public int expire(ChangeId id, DeploymentPhase phase) {
        List<Long> timedOut = agentJobs.expireOpen(id, phase);
        assets.setState(id, timedOut, AssetStates.after(phase, false), "no answer from the agent in time");
        if (!timedOut.isEmpty()) {
            audit.record(lifecycle.get(id).customerId(), id.value(), Actor.SYSTEM_NAME, "AGENT_JOBS_TIMED_OUT",
                    phase + ": " + timedOut.size() + " asset(s) did not answer in time");
        }
        return timedOut.size();
    }

}
