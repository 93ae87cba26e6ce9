package io.patchflow.deployment;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.agent.AgentJobService;
import io.patchflow.agent.DeploymentPhase;
import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeOutcome;
import io.patchflow.change.ChangeStatus;
import io.patchflow.security.Actor;

/**
 * A verified backup of every asset before anything is installed, or a person's waiver.
 */
@Service
public class Backups {

    private final ChangeAssetRepository assets;

    private final ChangeLifecycle lifecycle;

    private final AgentJobService agentJobs;

    private final JobPayloads payloads;

    private final AuditTrail audit;

    private final DeploymentState deployment;

    Backups(ChangeAssetRepository assets, ChangeLifecycle lifecycle, AgentJobService agentJobs, JobPayloads payloads,
            AuditTrail audit, DeploymentState deployment) {
        this.assets = assets;
        this.lifecycle = lifecycle;
        this.agentJobs = agentJobs;
        this.payloads = payloads;
        this.audit = audit;
        this.deployment = deployment;
    }

    /**
     * Asks agents to verify (or take) a backup of every asset that has none verified yet.
     */
    @Transactional
    public int request(ChangeId id) {
        List<Long> todo = assets.assetIdsIn(id, List.of(AssetState.PENDING, AssetState.BACKUP_FAILED));
        assets.setState(id, todo, AssetState.BACKING_UP, null);
        lifecycle.moveTo(id, ChangeStatus.VERIFYING_BACKUPS, Actor.SYSTEM_NAME,
                "backup verification requested for " + todo.size() + " asset(s)");
        return agentJobs.dispatch(id, DeploymentPhase.BACKUP, null, todo, payloads.of(id, DeploymentPhase.BACKUP),
                false);
    }

    /**
     * @return true when every asset has a verified backup
     */
    @Transactional
    public boolean evaluate(ChangeId id) {
        int failed = assets.countByState(id).getOrDefault(AssetState.BACKUP_FAILED, 0);
        if (failed > 0) {
            lifecycle.moveTo(id, ChangeStatus.BACKUP_FAILED, Actor.SYSTEM_NAME,
                    failed + " asset(s) have no verified backup; a change manager decides: retry, abort or waive");
            return false;
        }
        return true;
    }

    @Transactional
    public void waive(ChangeId id, String decidedBy) {
        int waived = assets.transition(id, List.of(AssetState.BACKUP_FAILED), AssetState.BACKUP_WAIVED,
                "waived by " + decidedBy);
        audit.record(lifecycle.get(id).customerId(), id.value(), decidedBy, "BACKUP_WAIVED",
                waived + " asset(s) deploy without a verified backup");
    }

    @Transactional
    public void abort(ChangeId id, String decidedBy) {
        deployment.release(id, lifecycle.get(id).customerId(), decidedBy, "aborted: no verified backup");
        lifecycle.decideOutcome(id, ChangeOutcome.CANCELLED,
                "aborted by " + decidedBy + ": backups could not be verified", decidedBy);
    }

}
