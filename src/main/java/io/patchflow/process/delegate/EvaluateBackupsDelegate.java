package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.DeploymentService;
import io.patchflow.process.PatchChange;

/** Sets {@code backupsVerified}. */
@Component("evaluateBackupsDelegate")
class EvaluateBackupsDelegate implements JavaDelegate {

    private final DeploymentService deployment;

    EvaluateBackupsDelegate(DeploymentService deployment) {
        this.deployment = deployment;
    }

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(PatchChange.VAR_BACKUPS_VERIFIED, deployment.evaluateBackups(Executions.changeId(execution)));
    }
}
