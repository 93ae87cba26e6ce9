package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.DeploymentService;

/** Opens an incident ticket for the failed assets. */
@Component("openIncidentDelegate")
class OpenIncidentDelegate implements JavaDelegate {

    private final DeploymentService deployment;

    OpenIncidentDelegate(DeploymentService deployment) {
        this.deployment = deployment;
    }

    @Override
    public void execute(DelegateExecution execution) {
        deployment.openIncident(Executions.changeId(execution));
    }
}
