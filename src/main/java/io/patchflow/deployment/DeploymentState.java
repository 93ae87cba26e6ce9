package io.patchflow.deployment;

import java.util.List;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.agent.AgentJobService;
import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeCancelled;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeSubmitted;

/**
 * Where each asset of each change stands ({@code change_asset}): taken on when a change
 * is submitted, released when it is cancelled, and read by the change page and the
 * review.
 */
@Service
public class DeploymentState {

    private final ChangeAssetRepository assets;

    private final AgentJobService agentJobs;

    private final AuditTrail audit;

    DeploymentState(ChangeAssetRepository assets, AgentJobService agentJobs, AuditTrail audit) {
        this.assets = assets;
        this.agentJobs = agentJobs;
        this.audit = audit;
    }

    /** A new change: every one of its assets starts PENDING. */
    @EventListener
    public void onSubmitted(ChangeSubmitted event) {
        assets.insert(event.change().id(), event.assetIds());
    }

    /**
     * A change was cancelled before deployment: its open agent jobs are withdrawn, its
     * assets released.
     */
    @EventListener
    public void onCancelled(ChangeCancelled event) {
        release(event.change(), event.customerId(), event.cancelledBy(), "change cancelled");
    }

    /**
     * The change will not deploy (cancelled, or aborted for want of backups): its open
     * agent jobs are withdrawn (and the trail says how many, if any were), every asset is
     * released.
     */
    void release(ChangeId change, String customerId, String by, String why) {
        int withdrawn = agentJobs.cancelOpen(change);
        assets.transition(change, List.of(AssetState.values()), AssetState.CANCELLED, why);
        if (withdrawn > 0) {
            audit.record(customerId, change.value(), by, "AGENT_JOBS_WITHDRAWN",
                    withdrawn + " agent job(s) withdrawn: " + why);
        }
    }

    /** One row per asset of the change, by ring and host name. */
    @Transactional(readOnly = true)
    public List<ChangeAssetView> assets(ChangeId id) {
        return assets.view(id);
    }

    @Transactional(readOnly = true)
    public Map<AssetState, Integer> countByState(ChangeId id) {
        return assets.countByState(id);
    }

    /** The change's asset ids, in id order. */
    @Transactional(readOnly = true)
    public List<Long> assetIds(ChangeId id) {
        return assets.assetIds(id);
    }

}
