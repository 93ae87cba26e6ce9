package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.Milestone;
import io.patchflow.process.model.PatchChange;

/**
 * Adds a milestone note (input {@code milestone}) to every ticket linked to the change.
 */
@Component("addTicketNoteDelegate")
class AddTicketNoteDelegate implements JavaDelegate {

    private final ChangeLifecycle lifecycle;

    AddTicketNoteDelegate(ChangeLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void execute(DelegateExecution execution) {
        lifecycle.noteMilestone(Executions.changeId(execution),
                Milestone.valueOf(Executions.input(execution, PatchChange.INPUT_MILESTONE)));
    }

}
