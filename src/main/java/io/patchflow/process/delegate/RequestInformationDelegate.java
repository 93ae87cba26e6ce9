package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.approval.ApprovalService;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;

/** Marks the change as waiting for the requester. */
@ModelDelegate(
        summary = "Marks the change as waiting for its requester to answer an approver's question (status NEEDS_INFORMATION).")
@Component("requestInformationDelegate")
class RequestInformationDelegate implements JavaDelegate {

    private final ApprovalService approvals;

    RequestInformationDelegate(ApprovalService approvals) {
        this.approvals = approvals;
    }

    @Override
    public void execute(DelegateExecution execution) {
        approvals.informationRequested(Executions.changeId(execution));
    }

}
