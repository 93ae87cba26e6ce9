package io.patchflow.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.audit.AuditTrail;
import io.patchflow.change.AssetState;
import io.patchflow.change.ChangeAssets;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeOutcome;
import io.patchflow.change.ChangeProcess;
import io.patchflow.change.ChangeRepository;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeStatus;
import io.patchflow.change.ChangeType;
import io.patchflow.change.DeploymentPhase;
import io.patchflow.patch.Patch;
import io.patchflow.patch.PatchRepository;
import io.patchflow.patch.PatchSetPolicy;
import io.patchflow.policy.PolicyRepository;
import io.patchflow.security.Actor;
import io.patchflow.ticketing.TicketService;

/**
 * The machine side of a change: backups, waves, the gate, verification and rollback. The engine
 * decides what happens next; the per-asset state lives in {@code change_asset} and moves in bulk.
 */
@Service
public class DeploymentService {

    private static final List<AssetState> READY_TO_INSTALL =
            List.of(AssetState.PENDING, AssetState.BACKUP_VERIFIED, AssetState.BACKUP_WAIVED);

    private final JdbcClient jdbc;
    private final ChangeRepository changes;
    private final ChangeAssets assets;
    private final ChangeLifecycle lifecycle;
    private final PatchRepository patches;
    private final AgentJobs agentJobs;
    private final ChangeProcess process;
    private final TicketService tickets;
    private final AuditTrail audit;
    private final PolicyRepository policies;
    private final ObjectMapper json;

    DeploymentService(JdbcClient jdbc, ChangeRepository changes, ChangeAssets assets, ChangeLifecycle lifecycle,
                      PatchRepository patches, AgentJobs agentJobs, ChangeProcess process, TicketService tickets,
                      AuditTrail audit, PolicyRepository policies, ObjectMapper json) {
        this.jdbc = jdbc;
        this.changes = changes;
        this.assets = assets;
        this.lifecycle = lifecycle;
        this.patches = patches;
        this.agentJobs = agentJobs;
        this.process = process;
        this.tickets = tickets;
        this.audit = audit;
        this.policies = policies;
        this.json = json;
    }

    // --- backups -------------------------------------------------------------------------------

    /** Asks agents to verify (or take) a backup of every asset that has none verified yet. */
    @Transactional
    public int requestBackups(ChangeId id) {
        List<Long> todo = assets.assetIdsIn(id, List.of(AssetState.PENDING, AssetState.BACKUP_FAILED));
        assets.setState(id, todo, AssetState.BACKING_UP, null);
        lifecycle.moveTo(id, ChangeStatus.VERIFYING_BACKUPS, Actor.SYSTEM_NAME,
                "backup verification requested for " + todo.size() + " asset(s)");
        return agentJobs.dispatch(id, DeploymentPhase.BACKUP, null, todo, payload(id, DeploymentPhase.BACKUP), false);
    }

    /** @return true when every asset has a verified backup */
    @Transactional
    public boolean evaluateBackups(ChangeId id) {
        int failed = assets.countByState(id).getOrDefault(AssetState.BACKUP_FAILED, 0);
        if (failed > 0) {
            lifecycle.moveTo(id, ChangeStatus.BACKUP_FAILED, Actor.SYSTEM_NAME,
                    failed + " asset(s) have no verified backup; a change manager decides: retry, abort or waive");
            return false;
        }
        return true;
    }

    @Transactional
    public void waiveBackups(ChangeId id, String decidedBy) {
        int waived = assets.transition(id, List.of(AssetState.BACKUP_FAILED), AssetState.BACKUP_WAIVED, "waived by " + decidedBy);
        ChangeRequest change = lifecycle.get(id);
        audit.record(change.customerId(), id.value(), decidedBy, "BACKUP_WAIVED", waived + " asset(s) deploy without a verified backup");
    }

    @Transactional
    public void abortForBackups(ChangeId id, String decidedBy) {
        agentJobs.cancelOpen(id);
        assets.transition(id, List.of(AssetState.values()), AssetState.CANCELLED, "aborted: no verified backup");
        lifecycle.decideOutcome(id, ChangeOutcome.CANCELLED, "aborted by " + decidedBy + ": backups could not be verified", decidedBy);
    }

    /** The change was cancelled before deployment: withdraw its jobs and record who and why. */
    @Transactional
    public void cancel(ChangeId id, String cancelledBy, String reason) {
        int withdrawn = agentJobs.cancelOpen(id);
        assets.transition(id, List.of(AssetState.values()), AssetState.CANCELLED, "change cancelled");
        lifecycle.decideOutcome(id, ChangeOutcome.CANCELLED, "cancelled by " + cancelledBy + ": " + reason
                + (withdrawn > 0 ? " (" + withdrawn + " agent job(s) withdrawn)" : ""), cancelledBy);
    }

    // --- waves ---------------------------------------------------------------------------------

    /**
     * Plans the waves: one per ring, pilot ring (0) first. A change with no asset in the pilot ring
     * gets a pilot wave anyway: the customer's pilot share of its assets, before the rings.
     * Returns the number of waves.
     */
    @Transactional
    public int startDeployment(ChangeId id) {
        Map<Integer, List<Long>> byRing = new LinkedHashMap<>();
        jdbc.sql("SELECT a.ring, a.id FROM change_asset ca JOIN asset a ON a.id = ca.asset_id WHERE ca.change_id = ? "
                        + "ORDER BY a.ring, a.id")
                .param(id.value())
                .query(rs -> {
                    byRing.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(rs.getLong(2));
                });
        List<List<Long>> waves = new ArrayList<>(byRing.values());
        int total = waves.stream().mapToInt(List::size).sum();
        String plan = "by ring " + new TreeSet<>(byRing.keySet());
        if (!byRing.containsKey(0) && total > 1) {
            ChangeRequest change = lifecycle.get(id);
            int share = policies.policy(change.customerId()).rings().pilotSharePercent();
            int pilots = WavePlan.pilotCount(total, share);
            List<Long> first = waves.get(0);
            List<Long> pilot = new ArrayList<>(first.subList(0, Math.min(pilots, first.size())));
            waves.set(0, new ArrayList<>(first.subList(pilot.size(), first.size())));
            waves.add(0, pilot);
            waves.removeIf(List::isEmpty);
            plan = "with a pilot wave of " + pilot.size() + " asset(s) (" + share + "% of " + total + ", no pilot ring), then by ring "
                    + new TreeSet<>(byRing.keySet());
        }
        int wave = 0;
        for (List<Long> assetsOfWave : waves) {
            assets.setWave(id, assetsOfWave, ++wave);
        }
        lifecycle.moveTo(id, ChangeStatus.DEPLOYING, Actor.SYSTEM_NAME,
                "deployment started in " + wave + " wave(s) " + plan);
        ChangeRequest change = lifecycle.get(id);
        tickets.noteMilestone(id.value(), change.customerId(), "DEPLOYMENT_STARTED",
                "Change " + id + ": deployment started in " + wave + " wave(s).");
        return wave;
    }

    @Transactional
    public int dispatchWave(ChangeId id, int wave) {
        List<Long> todo = assets.assetIdsOfWave(id, wave);
        todo.retainAll(assets.assetIdsIn(id, READY_TO_INSTALL));
        assets.setState(id, todo, AssetState.INSTALLING, null);
        ChangeRequest change = lifecycle.get(id);
        audit.record(change.customerId(), id.value(), Actor.SYSTEM_NAME, "WAVE_DISPATCHED",
                "wave " + wave + ": install requested on " + todo.size() + " asset(s)");
        // Only emergencies may install outside the maintenance window.
        return agentJobs.dispatch(id, DeploymentPhase.INSTALL, wave, todo, payload(id, DeploymentPhase.INSTALL),
                change.changeType() != ChangeType.EMERGENCY);
    }

    @Transactional
    public WaveGate evaluateWave(ChangeId id, int wave, int waveCount) {
        record Count(int total, int succeeded) { }
        Count count = jdbc.sql("SELECT COUNT(*), SUM(CASE WHEN state = 'INSTALLED' THEN 1 ELSE 0 END) FROM change_asset "
                        + "WHERE change_id = ? AND wave_no = ?")
                .params(id.value(), wave).query((rs, n) -> new Count(rs.getInt(1), rs.getInt(2))).single();
        double rate = WaveGatePolicy.successRate(count.succeeded(), count.total());
        ChangeRequest change = lifecycle.get(id);
        // The customer's policy sets the threshold (docs/policy.md); read when the gate is evaluated.
        io.patchflow.policy.CustomerPolicy policy = policies.policy(change.customerId());
        double threshold = policy.gateThreshold().doubleValue();
        boolean passed = WaveGatePolicy.passes(count.succeeded(), count.total(), threshold);
        // An emergency does not wait between waves; everything else bakes as the ring plan says.
        java.time.Duration bake = change.changeType() == ChangeType.EMERGENCY ? java.time.Duration.ZERO : policy.rings().bakeTime();
        WaveGate gate = new WaveGate(wave, count.succeeded(), count.total(), rate, passed, wave < waveCount, bake.toString());
        String detail = String.format("wave %d of %d: %d of %d installed (%.0f%%), threshold %.1f%% (customer policy)", wave, waveCount,
                count.succeeded(), count.total(), rate * 100, threshold * 100);
        audit.record(change.customerId(), id.value(), Actor.SYSTEM_NAME, passed ? "WAVE_GATE_PASSED" : "WAVE_GATE_FAILED", detail);
        if (!passed) {
            lifecycle.moveTo(id, ChangeStatus.WAVE_HALTED, Actor.SYSTEM_NAME, "rollout halted: " + detail);
        }
        return gate;
    }

    /** Stops after a failed gate: the failed assets are rolled back, the later waves are not deployed. */
    @Transactional
    public void stopRollout(ChangeId id, String decidedBy) {
        assets.transition(id, READY_TO_INSTALL, AssetState.CANCELLED, "not deployed: rollout stopped by " + decidedBy);
        lifecycle.moveTo(id, ChangeStatus.DEPLOYING, decidedBy, "rollout stopped after the failed gate; failed assets are rolled back");
    }

    @Transactional
    public void continueRollout(ChangeId id, String decidedBy) {
        lifecycle.moveTo(id, ChangeStatus.DEPLOYING, decidedBy, "rollout continued despite the failed gate");
    }

    /** A person chose to roll the whole change back: assets not yet deployed are not touched. */
    @Transactional
    public void rollBackRollout(ChangeId id, String decidedBy) {
        assets.transition(id, READY_TO_INSTALL, AssetState.CANCELLED, "not deployed: rollout rolled back by " + decidedBy);
    }

    // --- verification and rollback -------------------------------------------------------------

    @Transactional
    public int requestVerification(ChangeId id) {
        List<Long> installed = assets.assetIdsIn(id, List.of(AssetState.INSTALLED));
        assets.setState(id, installed, AssetState.VERIFYING, null);
        lifecycle.moveTo(id, ChangeStatus.VERIFYING, Actor.SYSTEM_NAME, "post-patch verification on " + installed.size() + " asset(s)");
        return agentJobs.dispatch(id, DeploymentPhase.VERIFY, null, installed, payload(id, DeploymentPhase.VERIFY), false);
    }

    /** @return the number of assets that failed to install or to verify and need rolling back */
    @Transactional(readOnly = true)
    public int failedAssets(ChangeId id) {
        return assets.assetIdsIn(id, List.of(AssetState.INSTALL_FAILED, AssetState.VERIFY_FAILED)).size();
    }

    /**
     * Asks agents to roll back the failed assets, or every deployed asset when {@code everything}.
     */
    @Transactional
    public int requestRollback(ChangeId id, boolean everything) {
        List<AssetState> from = everything
                ? List.of(AssetState.INSTALL_FAILED, AssetState.VERIFY_FAILED, AssetState.INSTALLED, AssetState.SUCCEEDED)
                : List.of(AssetState.INSTALL_FAILED, AssetState.VERIFY_FAILED);
        List<Long> todo = assets.assetIdsIn(id, from);
        assets.setState(id, todo, AssetState.ROLLING_BACK, null);
        lifecycle.moveTo(id, ChangeStatus.ROLLING_BACK, Actor.SYSTEM_NAME,
                (everything ? "rolling back the whole change: " : "rolling back failed assets: ") + todo.size() + " asset(s)");
        // Rolling back repairs a failure; it does not wait for a window.
        return agentJobs.dispatch(id, DeploymentPhase.ROLLBACK, null, todo, payload(id, DeploymentPhase.ROLLBACK), false);
    }

    @Transactional
    public String openIncident(ChangeId id) {
        ChangeRequest change = lifecycle.get(id);
        Map<AssetState, Integer> states = assets.countByState(id);
        String body = "Change " + id + " (" + change.title() + ") failed on some assets. Asset states: " + states;
        return tickets.openIncident(id.value(), change.customerId(), "Patch change " + id + " failed", body);
    }

    /** Applies timeouts: what did not answer in time counts as failed. */
    @Transactional
    public int expire(ChangeId id, DeploymentPhase phase) {
        List<Long> timedOut = agentJobs.expireOpen(id, phase);
        assets.setState(id, timedOut, AssetStates.after(phase, false), "no answer from the agent in time");
        if (!timedOut.isEmpty()) {
            ChangeRequest change = lifecycle.get(id);
            audit.record(change.customerId(), id.value(), Actor.SYSTEM_NAME, "AGENT_JOBS_TIMED_OUT",
                    phase + ": " + timedOut.size() + " asset(s) did not answer in time");
        }
        return timedOut.size();
    }

    /** Moves the asset along as its agent reports, and wakes the process when the batch is done. */
    @EventListener
    public void onAgentJobFinished(AgentJobFinished event) {
        assets.setState(event.change(), List.of(event.assetId()), AssetStates.after(event.phase(), event.succeeded()),
                event.detail());
        if (event.batchComplete()) {
            process.agentJobsFinished(event.change(), event.phase());
        }
    }

    /** The change page shows what the agent says it is doing, as it does it. */
    @EventListener
    public void onAgentJobProgress(AgentJobProgress event) {
        assets.setState(event.change(), List.of(event.assetId()), AssetState.valueOf(event.state()), event.detail());
    }

    // --- review and close ----------------------------------------------------------------------

    @Transactional
    public ChangeOutcome decideOutcome(ChangeId id) {
        Map<AssetState, Integer> states = assets.countByState(id);
        ChangeOutcome outcome = OutcomePolicy.outcome(states);
        lifecycle.decideOutcome(id, outcome, "asset states " + states, Actor.SYSTEM_NAME);
        lifecycle.moveTo(id, ChangeStatus.IN_REVIEW, Actor.SYSTEM_NAME, "post-implementation review");
        return outcome;
    }

    @Transactional
    public void recordAutomaticReview(ChangeId id) {
        ChangeRequest change = lifecycle.get(id);
        audit.record(change.customerId(), id.value(), Actor.SYSTEM_NAME, "REVIEW_AUTOMATIC",
                "successful change; post-implementation review recorded automatically");
    }

    @Transactional
    public ChangeRequest close(ChangeId id) {
        ChangeRequest closed = lifecycle.close(id);
        tickets.noteMilestone(id.value(), closed.customerId(), "CHANGE_CLOSED",
                "Change " + id + " closed: " + closed.outcome() + (closed.outcomeReason() == null ? "" : " (" + closed.outcomeReason() + ")"));
        return closed;
    }

    private String payload(ChangeId id, DeploymentPhase phase) {
        List<Long> ids = changes.patchIds(id);
        // In install order: a patch after the ones it requires (the change was checked for this at submission).
        List<Patch> list = PatchSetPolicy.installOrder(patches.find(ids), patches.relationsOf(ids));
        List<Map<String, Object>> items = list.stream().map(p -> Map.<String, Object>of(
                "vendorId", p.vendorId(), "package", p.packageName(), "version", p.version(),
                "rebootRequired", p.rebootRequired())).toList();
        Map<String, Object> payload = new java.util.LinkedHashMap<>();
        payload.put("change", id.toString());
        payload.put("phase", phase.name());
        payload.put("patches", items);
        if (phase == DeploymentPhase.BACKUP) {
            // A fresh snapshot before the change, checked with restic check (docs/agent.md).
            payload.put("backup", Map.of("mode", "SNAPSHOT"));
        } else {
            payload.put("healthChecks", changes.healthChecks(id));
        }
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
