package io.patchflow.deployment;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.agent.AgentJobService;
import io.patchflow.agent.DeploymentPhase;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeStatus;
import io.patchflow.security.Actor;
import io.patchflow.ticketing.TicketService;

/**
 * After the installs: health checks on every installed asset, rollback of what failed (or
 * of everything, when a person decides so), and an incident ticket when something did.
 */
@Service
public class Verification {

    private final ChangeAssetRepository assets;

    private final ChangeLifecycle lifecycle;

    private final AgentJobService agentJobs;

    private final JobPayloads payloads;

    private final TicketService tickets;

    Verification(ChangeAssetRepository assets, ChangeLifecycle lifecycle, AgentJobService agentJobs,
            JobPayloads payloads, TicketService tickets) {
        this.assets = assets;
        this.lifecycle = lifecycle;
        this.agentJobs = agentJobs;
        this.payloads = payloads;
        this.tickets = tickets;
    }

    @Transactional
    public int request(ChangeId id) {
        List<Long> installed = assets.assetIdsIn(id, List.of(AssetState.INSTALLED));
        assets.setState(id, installed, AssetState.VERIFYING, null);
        lifecycle.moveTo(id, ChangeStatus.VERIFYING, Actor.SYSTEM_NAME,
                "post-patch verification on " + installed.size() + " asset(s)");
        return agentJobs.dispatch(id, DeploymentPhase.VERIFY, null, installed, payloads.of(id, DeploymentPhase.VERIFY),
                false);
    }

    /**
     * @return the number of assets that failed to install or to verify and need rolling
     * back
     */
    @Transactional(readOnly = true)
    public int failedAssets(ChangeId id) {
        return assets.assetIdsIn(id, List.of(AssetState.INSTALL_FAILED, AssetState.VERIFY_FAILED)).size();
    }

    /**
     * Asks agents to roll back the failed assets, or every deployed asset when
     * {@code everything}.
     */
    @Transactional
    public int requestRollback(ChangeId id, boolean everything) {
        List<AssetState> from = everything ? List.of(AssetState.INSTALL_FAILED, AssetState.VERIFY_FAILED,
                AssetState.INSTALLED, AssetState.SUCCEEDED)
                : List.of(AssetState.INSTALL_FAILED, AssetState.VERIFY_FAILED);
        List<Long> todo = assets.assetIdsIn(id, from);
        assets.setState(id, todo, AssetState.ROLLING_BACK, null);
        lifecycle.moveTo(id, ChangeStatus.ROLLING_BACK, Actor.SYSTEM_NAME,
                (everything ? "rolling back the whole change: " : "rolling back failed assets: ") + todo.size()
                        + " asset(s)");
        // Rolling back repairs a failure; it does not wait for a window.
        return agentJobs.dispatch(id, DeploymentPhase.ROLLBACK, null, todo, payloads.of(id, DeploymentPhase.ROLLBACK),
                false);
    }

    /**
     * Opens an incident ticket for a change that failed on some assets: which assets, how
     * each ended, and what their agents reported at each failed step (the log excerpt the
     * agent sent), within what a ticket note holds.
     */
    @Transactional
    public String openIncident(ChangeId id) {
        ChangeRequest change = lifecycle.get(id);
        return tickets.openIncident(id.value(), change.customerId(), "Patch change " + id + " failed",
                IncidentReport.of(change, assets.view(id), agentJobs.results(id)));
    }

}
