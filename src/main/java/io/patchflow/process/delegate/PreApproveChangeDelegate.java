package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.approval.ApprovalService;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchChange;

/** Records that a standard change is approved by policy. */
@ModelDelegate(
        summary = "Approves a standard change by policy: records a PRE_APPROVAL decision by the system in "
                + "the current round and moves the change to APPROVED.",
        reads = { @Var(name = PatchChange.VAR_APPROVAL_ROUND,
                means = "The round the approval is recorded in (from assessRiskDelegate); must be set.") })
@Component("preApproveChangeDelegate")
class PreApproveChangeDelegate implements JavaDelegate {

    private final ApprovalService approvals;

    PreApproveChangeDelegate(ApprovalService approvals) {
        this.approvals = approvals;
    }

    @Override
    public void execute(DelegateExecution execution) {
        approvals.preApprove(Executions.changeId(execution),
                (Integer) execution.getVariable(PatchChange.VAR_APPROVAL_ROUND));
    }

}
