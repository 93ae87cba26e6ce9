package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.Verification;
import io.patchflow.process.model.PatchChange;

/** Queues one health-check job per installed asset; sets {@code verificationJobs}. */
@Component("requestVerificationDelegate")
class RequestVerificationDelegate implements JavaDelegate {

    private final Verification verification;

    RequestVerificationDelegate(Verification verification) {
        this.verification = verification;
    }

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(PatchChange.VAR_VERIFICATION_JOBS, verification.request(Executions.changeId(execution)));
        execution.setVariable(PatchChange.VAR_ROLLBACK_EVERYTHING, false);
    }

}
