package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.Rollout;
import io.patchflow.deployment.WaveGate;
import io.patchflow.process.model.PatchChange;

/** Sets {@code gatePassed} and {@code moreWaves}. */
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
