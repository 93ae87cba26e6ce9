package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.Rollout;
import io.patchflow.process.model.PatchChange;

/** Plans the waves; sets {@code waveCount} and {@code currentWave}. */
@Component("startDeploymentDelegate")
class StartDeploymentDelegate implements JavaDelegate {

    private final Rollout rollout;

    StartDeploymentDelegate(Rollout rollout) {
        this.rollout = rollout;
    }

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(PatchChange.VAR_WAVE_COUNT, rollout.start(Executions.changeId(execution)));
        execution.setVariable(PatchChange.VAR_CURRENT_WAVE, 0);
    }

}
