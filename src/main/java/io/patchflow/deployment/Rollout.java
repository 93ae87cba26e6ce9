package io.patchflow.deployment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.agent.AgentJobService;
import io.patchflow.agent.DeploymentPhase;
import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeStatus;
import io.patchflow.change.ChangeType;
import io.patchflow.change.Milestone;
import io.patchflow.policy.CustomerPolicy;
import io.patchflow.policy.Policies;
import io.patchflow.security.Actor;

/**
 * Deployment in waves: the plan (pilot first, then ring by ring), each wave's installs,
 * the gate after each wave, and what a change manager decides when a gate fails.
 */
@Service
public class Rollout {

    static final List<AssetState> READY_TO_INSTALL = List.of(AssetState.PENDING, AssetState.BACKUP_VERIFIED,
            AssetState.BACKUP_WAIVED);

    private final ChangeAssetRepository assets;

    private final ChangeLifecycle lifecycle;

    private final AgentJobService agentJobs;

    private final JobPayloads payloads;

    private final Policies policies;

    private final AuditTrail audit;

    Rollout(ChangeAssetRepository assets, ChangeLifecycle lifecycle, AgentJobService agentJobs, JobPayloads payloads,
            Policies policies, AuditTrail audit) {
        this.assets = assets;
        this.lifecycle = lifecycle;
        this.agentJobs = agentJobs;
        this.payloads = payloads;
        this.policies = policies;
        this.audit = audit;
    }

    /**
     * Plans the waves: one per ring, pilot ring (0) first. A change with no asset in the
     * pilot ring gets a pilot wave anyway: the customer's pilot share of its assets,
     * before the rings. Returns the number of waves.
     */
    @Transactional
    public int start(ChangeId id) {
        Map<Integer, List<Long>> byRing = assets.assetIdsByRing(id);
        List<List<Long>> waves = new ArrayList<>(byRing.values());
        int total = waves.stream().mapToInt(List::size).sum();
        String plan = "by ring " + new TreeSet<>(byRing.keySet());
        if (!byRing.containsKey(0) && total > 1) {
            int share = policies.policy(lifecycle.get(id).customerId()).rings().pilotSharePercent();
            int pilots = WavePlan.pilotCount(total, share);
            List<Long> first = waves.get(0);
            List<Long> pilot = new ArrayList<>(first.subList(0, Math.min(pilots, first.size())));
            waves.set(0, new ArrayList<>(first.subList(pilot.size(), first.size())));
            waves.add(0, pilot);
            waves.removeIf(List::isEmpty);
            plan = "with a pilot wave of " + pilot.size() + " asset(s) (" + share + "% of " + total
                    + ", no pilot ring), then by ring " + new TreeSet<>(byRing.keySet());
        }
        int wave = 0;
        for (List<Long> assetsOfWave : waves) {
            assets.setWave(id, assetsOfWave, ++wave);
        }
        lifecycle.moveTo(id, ChangeStatus.DEPLOYING, Actor.SYSTEM_NAME,
                "deployment started in " + wave + " wave(s) " + plan);
        lifecycle.noteMilestone(id, Milestone.DEPLOYMENT_STARTED, null,
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
        return agentJobs.dispatch(id, DeploymentPhase.INSTALL, wave, todo, payloads.of(id, DeploymentPhase.INSTALL),
                change.changeType() != ChangeType.EMERGENCY);
    }

    @Transactional
    public WaveGate evaluateWave(ChangeId id, int wave, int waveCount) {
        ChangeAssetRepository.WaveCount count = assets.countWave(id, wave);
        double rate = WaveGatePolicy.successRate(count.succeeded(), count.total());
        ChangeRequest change = lifecycle.get(id);
        // The customer's policy sets the threshold (docs/policy.md); read when the gate
        // is evaluated.
        CustomerPolicy policy = policies.policy(change.customerId());
        double threshold = policy.gateThreshold().doubleValue();
        boolean passed = WaveGatePolicy.passes(count.succeeded(), count.total(), threshold);
        // An emergency does not wait between waves; everything else bakes as the ring
        // plan says.
        Duration bake = change.changeType() == ChangeType.EMERGENCY ? Duration.ZERO : policy.rings().bakeTime();
        WaveGate gate = new WaveGate(wave, count.succeeded(), count.total(), rate, passed, wave < waveCount,
                bake.toString());
        String detail = String.format("wave %d of %d: %d of %d installed (%.0f%%), threshold %.1f%% (customer policy)",
                wave, waveCount, count.succeeded(), count.total(), rate * 100, threshold * 100);
        audit.record(change.customerId(), id.value(), Actor.SYSTEM_NAME,
                passed ? "WAVE_GATE_PASSED" : "WAVE_GATE_FAILED", detail);
        if (!passed) {
            lifecycle.moveTo(id, ChangeStatus.WAVE_HALTED, Actor.SYSTEM_NAME, "rollout halted: " + detail);
        }
        return gate;
    }

    /**
     * Stops after a failed gate: the failed assets are rolled back, the later waves are
     * not deployed.
     */
    @Transactional
    public void stop(ChangeId id, String decidedBy) {
        assets.transition(id, READY_TO_INSTALL, AssetState.CANCELLED, "not deployed: rollout stopped by " + decidedBy);
        lifecycle.moveTo(id, ChangeStatus.DEPLOYING, decidedBy,
                "rollout stopped after the failed gate; failed assets are rolled back");
    }

    @Transactional
    public void resume(ChangeId id, String decidedBy) {
        lifecycle.moveTo(id, ChangeStatus.DEPLOYING, decidedBy, "rollout continued despite the failed gate");
    }

    /**
     * A person chose to roll the whole change back: assets not yet deployed are not
     * touched.
     */
    @Transactional
    public void rollBack(ChangeId id, String decidedBy) {
        assets.transition(id, READY_TO_INSTALL, AssetState.CANCELLED,
                "not deployed: rollout rolled back by " + decidedBy);
    }

}
