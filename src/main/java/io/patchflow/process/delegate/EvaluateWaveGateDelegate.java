package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.Rollout;
import io.patchflow.deployment.WaveGate;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchChange;

/** Sets {@code gatePassed} and {@code moreWaves}. */
@ModelDelegate(
        summary = "The gate after a wave: compares the wave's success rate (installed assets of the wave; "
                + "an empty wave passes) with the customer's gate threshold, audits the result and halts "
                + "the rollout (WAVE_HALTED) when it fails. Also says whether waves remain and how long the"
                + " rollout bakes before the next.",
        reads = { @Var(name = PatchChange.VAR_CURRENT_WAVE, means = "The wave just deployed; must be set."),
                @Var(name = PatchChange.VAR_WAVE_COUNT,
                        means = "How many waves the plan has (from startDeploymentDelegate); must be set.") },
        writes = { @Var(name = PatchChange.VAR_GATE_PASSED, means = "Boolean: the wave met the threshold."),
                @Var(name = PatchChange.VAR_MORE_WAVES, means = "Boolean: waves remain after this one."),
                @Var(name = PatchChange.VAR_BAKE_TIME,
                        means = "ISO 8601 duration to wait before the next wave: the ring plan's bake time, PT0S for an emergency.") })
@Component("evaluateWaveGateDelegate")
class EvaluateWaveGateDelegate implements JavaDelegate {

    private final Rollout rollout;

    EvaluateWaveGateDelegate(Rollout rollout) {
        this.rollout = rollout;
    }

    @Override
    public void execute(DelegateExecution execution) {
        WaveGate gate = rollout.evaluateWave(Executions.changeId(execution),
                (Integer) execution.getVariable(PatchChange.VAR_CURRENT_WAVE),
                (Integer) execution.getVariable(PatchChange.VAR_WAVE_COUNT));
        execution.setVariable(PatchChange.VAR_GATE_PASSED, gate.passed());
        execution.setVariable(PatchChange.VAR_MORE_WAVES, gate.moreWaves());
        execution.setVariable(PatchChange.VAR_BAKE_TIME, gate.bakeTime());
    }

}
