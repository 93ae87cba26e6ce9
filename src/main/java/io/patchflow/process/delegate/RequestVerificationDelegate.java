package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.DeploymentService;
import io.patchflow.process.PatchChange;

/** Queues one health-check job per installed asset; sets {@code verificationJobs}. */
@Component("requestVerificationDelegate")
class RequestVerificationDelegate implements JavaDelegate {

    private final DeploymentService deployment;

    RequestVerificationDelegate(DeploymentService deployment) {
        this.deployment = deployment;
    }

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(PatchChange.VAR_VERIFICATION_JOBS, deployment.requestVerification(Executions.changeId(execution)));
        execution.setVariable(PatchChange.VAR_ROLLBACK_EVERYTHING, false);
    }
}
