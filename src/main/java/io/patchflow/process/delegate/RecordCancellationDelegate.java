package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeOutcome;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchChange;

/** Records the cancellation and withdraws the change's open agent jobs. */
@ModelDelegate(
        summary = "Records a cancellation: the change's open agent jobs are withdrawn, its assets "
                + "cancelled, and its outcome is CANCELLED with who cancelled it and why.",
        reads = {
                @Var(name = PatchChange.VAR_CANCELLED_BY,
                        means = "Username of the person who cancelled (sent with Msg_CancelChange)."),
                @Var(name = PatchChange.VAR_CANCEL_REASON,
                        means = "Why (sent with Msg_CancelChange); part of the outcome's reason.") },
        writes = { @Var(name = PatchChange.VAR_OUTCOME, means = "CANCELLED.") })
@Component("recordCancellationDelegate")
class RecordCancellationDelegate implements JavaDelegate {

    private final ChangeLifecycle lifecycle;

    RecordCancellationDelegate(ChangeLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void execute(DelegateExecution execution) {
        lifecycle.cancel(Executions.changeId(execution), Executions.text(execution, PatchChange.VAR_CANCELLED_BY),
                Executions.text(execution, PatchChange.VAR_CANCEL_REASON));
        execution.setVariable(PatchChange.VAR_OUTCOME, ChangeOutcome.CANCELLED.name());
    }

}
