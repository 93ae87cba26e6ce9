package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.approval.ApprovalService;
import io.patchflow.change.ChangeOutcome;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchChange;

/** Records the rejection as the change's outcome. */
@ModelDelegate(
        summary = "Records the rejection as the change's outcome, with the reason \"rejected in <type> approval, round <n>\".",
        reads = { @Var(name = PatchChange.VAR_CHANGE_TYPE, means = "Named in the reason; must be set."),
                @Var(name = PatchChange.VAR_APPROVAL_ROUND, means = "Named in the reason.") },
        writes = { @Var(name = PatchChange.VAR_OUTCOME, means = "REJECTED.") })
@Component("rejectChangeDelegate")
class RejectChangeDelegate implements JavaDelegate {

    private final ApprovalService approvals;

    RejectChangeDelegate(ApprovalService approvals) {
        this.approvals = approvals;
    }

    @Override
    public void execute(DelegateExecution execution) {
        approvals.reject(Executions.changeId(execution),
                "rejected in " + execution.getVariable(PatchChange.VAR_CHANGE_TYPE).toString().toLowerCase()
                        + " approval, round " + execution.getVariable(PatchChange.VAR_APPROVAL_ROUND));
        execution.setVariable(PatchChange.VAR_OUTCOME, ChangeOutcome.REJECTED.name());
    }

}
