package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.change.ChangeId;
import io.patchflow.deployment.DeploymentService;
import io.patchflow.process.PatchChange;

/** Applies the change manager's answer to a halted rollout; sets {@code rollbackEverything}. */
@Component("applyGateDecisionDelegate")
class ApplyGateDecisionDelegate implements JavaDelegate {

    private final DeploymentService deployment;

    ApplyGateDecisionDelegate(DeploymentService deployment) {
        this.deployment = deployment;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ChangeId id = Executions.changeId(execution);
        String decidedBy = Executions.text(execution, "gateDecisionBy");
        boolean rollBack = !"continue".equals(Executions.text(execution, PatchChange.VAR_GATE_DECISION));
        if (rollBack) {
            deployment.rollBackRollout(id, decidedBy);
        } else {
            deployment.continueRollout(id, decidedBy);
        }
        execution.setVariable(PatchChange.VAR_ROLLBACK_EVERYTHING, rollBack);
    }
}
