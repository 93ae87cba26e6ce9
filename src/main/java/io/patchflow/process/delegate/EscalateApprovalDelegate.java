package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.approval.ApprovalService;
import io.patchflow.process.model.PatchChange;

/**
 * An approval is overdue: record it, tell the tickets, and offer the task to the
 * escalation group.
 */
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
