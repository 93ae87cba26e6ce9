package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.Rollout;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchChange;

/** Plans the waves; sets {@code waveCount} and {@code currentWave}. */
@ModelDelegate(
        summary = "Plans the rollout in waves: one per ring, pilot ring first; a change with no asset in "
                + "the pilot ring gets a pilot wave of the customer's pilot share first. Moves the change "
                + "to DEPLOYING and tells the tickets; from here on the change can no longer be cancelled.",
        writes = { @Var(name = PatchChange.VAR_WAVE_COUNT, means = "Integer: how many waves the plan has."),
                @Var(name = PatchChange.VAR_CURRENT_WAVE, means = "0: no wave started yet.") })
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
