package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;

import io.patchflow.agent.DeploymentPhase;
import io.patchflow.change.ChangeId;
import io.patchflow.process.model.PatchChange;

/**
 * Reading the change and the step's inputs from an execution; shared by the delegates.
 */
final class Executions {

    private Executions() {
    }

    static ChangeId changeId(DelegateExecution execution) {
        return ChangeId.parse(execution.getProcessBusinessKey());
    }

    static String input(DelegateExecution execution, String name) {
        Object value = execution.getVariableLocal(name);
        if (value == null) {
            throw new IllegalStateException(
                    "the model must give " + execution.getCurrentActivityId() + " the input " + name);
        }
        return value.toString();
    }

    static DeploymentPhase phase(DelegateExecution execution) {
        return DeploymentPhase.valueOf(input(execution, PatchChange.INPUT_PHASE));
    }

    static String text(DelegateExecution execution, String variable) {
        Object value = execution.getVariable(variable);
        return value == null ? null : value.toString();
    }

}
