package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.Rollout;
import io.patchflow.process.model.PatchChange;

/** Queues the install jobs of the next wave. */
@Component("dispatchWaveDelegate")
class DispatchWaveDelegate implements JavaDelegate {

    private final Rollout rollout;

    DispatchWaveDelegate(Rollout rollout) {
        this.rollout = rollout;
    }

    @Override
    public void execute(DelegateExecution execution) {
        int wave = (Integer) execution.getVariable(PatchChange.VAR_CURRENT_WAVE) + 1;
        rollout.dispatchWave(Executions.changeId(execution), wave);
        execution.setVariable(PatchChange.VAR_CURRENT_WAVE, wave);
    }

}
