package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.change.ChangeId;
import io.patchflow.deployment.Rollout;
import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchChange.GateDecision;

/**
 * Applies the change manager's answer to a halted rollout: continue, stop (roll back the
 * failed assets, deploy no further waves) or roll everything back; sets
 * {@code rollbackEverything}.
 */
@Component("applyGateDecisionDelegate")
class ApplyGateDecisionDelegate implements JavaDelegate {

    private final Rollout rollout;

    ApplyGateDecisionDelegate(Rollout rollout) {
        this.rollout = rollout;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ChangeId id = Executions.changeId(execution);
        String decidedBy = Executions.text(execution, PatchChange.VAR_GATE_DECISION_BY);
        String decision = Executions.text(execution, PatchChange.VAR_GATE_DECISION);
        boolean rollBack = !GateDecision.CONTINUE.equals(decision) && !GateDecision.STOP.equals(decision);
        if (rollBack) {
            rollout.rollBack(id, decidedBy);
        }
        else if (GateDecision.STOP.equals(decision)) {
            rollout.stop(id, decidedBy);
        }
        else {
            rollout.resume(id, decidedBy);
        }
        execution.setVariable(PatchChange.VAR_ROLLBACK_EVERYTHING, rollBack);
    }

}
