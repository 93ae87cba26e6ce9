package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.approval.ApprovalService;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;

/**
 * The change is approved (by policy, the CAB or the emergency approver): record it and
 * tell the tickets.
 */
@ModelDelegate(summary = "The approval route is complete (by policy, the CAB or the emergency approvers): moves "
        + "the change to APPROVED and tells the linked tickets when it will be deployed.")
@Component("recordApprovalDelegate")
class RecordApprovalDelegate implements JavaDelegate {

    private final ApprovalService approvals;

    RecordApprovalDelegate(ApprovalService approvals) {
        this.approvals = approvals;
    }

    @Override
    public void execute(DelegateExecution execution) {
        approvals.approved(Executions.changeId(execution));
    }

}
