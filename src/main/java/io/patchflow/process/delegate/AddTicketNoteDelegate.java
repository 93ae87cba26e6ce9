package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.Milestone;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchChange;

/**
 * Adds a milestone note (input {@code milestone}) to every ticket linked to the change.
 */
@ModelDelegate(
        summary = "Adds a note to every ticket linked to the change saying that it reached a milestone. The"
                + " ASSESSED, APPROVED and CHANGE_CLOSED notes carry the change's risk, when it deploys, or"
                + " its outcome; the others name the milestone. The notes are queued with the step and sent"
                + " by the ticketing outbox, so the step does not wait for a ticketing system.",
        inputs = { @Var(name = PatchChange.INPUT_MILESTONE,
                means = "Which milestone: ASSESSED, APPROVED, REJECTED, APPROVAL_ESCALATED, SCHEDULED, "
                        + "DEPLOYMENT_STARTED, SUCCEEDED, FAILED, ROLLED_BACK or CHANGE_CLOSED; another value fails the step.") })
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
