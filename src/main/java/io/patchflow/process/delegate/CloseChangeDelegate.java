package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.DeploymentService;

/** Closes the change with its outcome and tells the linked tickets. */
@Component("closeChangeDelegate")
class CloseChangeDelegate implements JavaDelegate {

    private final DeploymentService deployment;

    CloseChangeDelegate(DeploymentService deployment) {
        this.deployment = deployment;
    }

    @Override
    public void execute(DelegateExecution execution) {
        deployment.close(Executions.changeId(execution));
    }
}
