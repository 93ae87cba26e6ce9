package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.Verification;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;

/** Opens an incident ticket for the failed assets. */
@ModelDelegate(summary = "Opens an incident ticket for a change that failed on some assets (which assets, how each"
        + " ended, what their agents reported) and links it to the change; an external ticketing "
        + "system gets it through the ticketing outbox.")
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
