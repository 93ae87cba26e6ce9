package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.Verification;

/** Opens an incident ticket for the failed assets. */
@Component("openIncidentDelegate")
class OpenIncidentDelegate implements JavaDelegate {

    private final Verification verification;

    OpenIncidentDelegate(Verification verification) {
        this.verification = verification;
    }

    @Override
    public void execute(DelegateExecution execution) {
        verification.openIncident(Executions.changeId(execution));
    }

}
