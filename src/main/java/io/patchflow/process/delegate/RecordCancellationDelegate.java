package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeOutcome;
import io.patchflow.process.model.PatchChange;

/** Records the cancellation and withdraws the change's open agent jobs. */
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
