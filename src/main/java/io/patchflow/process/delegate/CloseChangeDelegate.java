package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.change.ChangeLifecycle;

/** Closes the change with its outcome. */
@Component("closeChangeDelegate")
class CloseChangeDelegate implements JavaDelegate {

    private final ChangeLifecycle lifecycle;

    CloseChangeDelegate(ChangeLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void execute(DelegateExecution execution) {
        lifecycle.close(Executions.changeId(execution));
    }

}
