package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.DeploymentService;
import io.patchflow.process.PatchChange;

/** Queues the install jobs of the next wave. */
@Component("dispatchWaveDelegate")
class DispatchWaveDelegate implements JavaDelegate {

    private final DeploymentService deployment;

    DispatchWaveDelegate(DeploymentService deployment) {
        this.deployment = deployment;
    }

    @Override
    public void execute(DelegateExecution execution) {
        int wave = (Integer) execution.getVariable(PatchChange.VAR_CURRENT_WAVE) + 1;
        deployment.dispatchWave(Executions.changeId(execution), wave);
        execution.setVariable(PatchChange.VAR_CURRENT_WAVE, wave);
    }
}
