package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.DeploymentService;
import io.patchflow.process.PatchChange;

/** Sets {@code failedAssets}: assets that failed to install or to verify. */
@Component("evaluateVerificationDelegate")
class EvaluateVerificationDelegate implements JavaDelegate {

    private final DeploymentService deployment;

    EvaluateVerificationDelegate(DeploymentService deployment) {
        this.deployment = deployment;
    }

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(PatchChange.VAR_FAILED_ASSETS, deployment.failedAssets(Executions.changeId(execution)));
    }
}
