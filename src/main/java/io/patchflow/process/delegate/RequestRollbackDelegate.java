package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.Verification;
import io.patchflow.process.model.PatchChange;

/** Queues rollback jobs for the failed assets, or for every deployed asset. */
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
