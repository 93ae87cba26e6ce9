package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.approval.ApprovalService;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchChange;

/**
 * An approval is overdue: record it, tell the tickets, and offer the task to the
 * escalation group.
 */
@ModelDelegate(
        summary = "An approval is overdue: offers the open tasks of the overdue step to another group as "
                + "well, records APPROVAL_ESCALATED in the audit trail and tells the linked tickets. Meant "
                + "for a timer on an approval task.",
        inputs = {
                @Var(name = PatchChange.INPUT_OVERDUE_TASK,
                        means = "The id of the overdue user task in this model, such as Task_ReviewTechnically; every "
                                + "open task of it is offered."),
                @Var(name = PatchChange.INPUT_ESCALATE_TO,
                        means = "The group the tasks are offered to as well, such as change-manager.") })
@Component("escalateApprovalDelegate")
class EscalateApprovalDelegate implements JavaDelegate {

    private final ApprovalService approvals;

    EscalateApprovalDelegate(ApprovalService approvals) {
        this.approvals = approvals;
    }

    @Override
    public void execute(DelegateExecution execution) {
        approvals.escalate(Executions.changeId(execution), Executions.input(execution, PatchChange.INPUT_OVERDUE_TASK),
                Executions.input(execution, PatchChange.INPUT_ESCALATE_TO));
    }

}
