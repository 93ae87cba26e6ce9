package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.Rollout;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchChange;

/** Queues the install jobs of the next wave. */
@ModelDelegate(
        summary = "Starts the next wave: one INSTALL agent job per asset of the wave that is ready "
                + "(pending, or its backup verified or waived), as one batch. Only an emergency's jobs may "
                + "run outside the maintenance windows.",
        reads = { @Var(name = PatchChange.VAR_CURRENT_WAVE,
                means = "The last wave started (0 from startDeploymentDelegate); must be set.") },
        writes = { @Var(name = PatchChange.VAR_CURRENT_WAVE, means = "The wave started now: one more than before.") })
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
