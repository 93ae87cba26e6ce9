package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.change.ChangeLifecycle;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;

/** Closes the change with its outcome. */
@ModelDelegate(summary = "Closes the change with the outcome already decided (audit CHANGE_CLOSED); fails the step"
        + " when the change has no outcome. It writes only Patchflow's own tables, so it may run in"
        + " the transaction of the step that decided the outcome; the tickets hear of it from "
        + "addTicketNoteDelegate with CHANGE_CLOSED.")
@Component("closeChangeDelegate")
class CloseChangeDelegate implements JavaDelegate {

    private final ChangeLifecycle lifecycle;

    CloseChangeDelegate(ChangeLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void execute(DelegateExecution execution) {
        lifecycle.close(Executions.changeId(execution));
    }

}
