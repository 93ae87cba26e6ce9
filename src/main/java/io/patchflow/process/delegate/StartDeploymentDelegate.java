package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.DeploymentService;
import io.patchflow.process.PatchChange;

/** Plans the waves; sets {@code waveCount} and {@code currentWave}. */
@Component("startDeploymentDelegate")
class StartDeploymentDelegate implements JavaDelegate {

    private final DeploymentService deployment;

    StartDeploymentDelegate(DeploymentService deployment) {
        this.deployment = deployment;
    }

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(PatchChange.VAR_WAVE_COUNT, deployment.startDeployment(Executions.changeId(execution)));
        execution.setVariable(PatchChange.VAR_CURRENT_WAVE, 0);
    }
}
