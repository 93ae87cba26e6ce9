package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.DeploymentService;

/** Queues one backup-verification job per asset that has no verified backup. */
@Component("requestBackupsDelegate")
class RequestBackupsDelegate implements JavaDelegate {

    private final DeploymentService deployment;

    RequestBackupsDelegate(DeploymentService deployment) {
        this.deployment = deployment;
    }

    @Override
    public void execute(DelegateExecution execution) {
        deployment.requestBackups(Executions.changeId(execution));
    }
}
