package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.Verification;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchChange;

/** Queues rollback jobs for the failed assets, or for every deployed asset. */
@ModelDelegate(
        summary = "Asks the agents to roll back the assets that failed to install or to verify, or every "
                + "deployed asset when rollbackEverything is true: one ROLLBACK job each, not waiting for a"
                + " maintenance window; status ROLLING_BACK.",
        reads = { @Var(name = PatchChange.VAR_ROLLBACK_EVERYTHING,
                means = "Boolean: true rolls back every deployed asset, not only the failed ones; absent counts as false.") })
@Component("requestRollbackDelegate")
class RequestRollbackDelegate implements JavaDelegate {

    private final Verification verification;

    RequestRollbackDelegate(Verification verification) {
        this.verification = verification;
    }

    @Override
    public void execute(DelegateExecution execution) {
        verification.requestRollback(Executions.changeId(execution),
                Boolean.TRUE.equals(execution.getVariable(PatchChange.VAR_ROLLBACK_EVERYTHING)));
    }

}
