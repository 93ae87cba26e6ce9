package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.change.ChangeId;
import io.patchflow.deployment.Rollout;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchChange.GateDecision;

/**
 * Applies the change manager's answer to a halted rollout: continue, stop (roll back the
 * failed assets, deploy no further waves) or roll everything back; sets
 * {@code rollbackEverything}.
 */
@ModelDelegate(
        summary = "Carries out a change manager's answer to a halted rollout. continue: the rollout goes "
                + "on. stop: the waves not yet deployed are cancelled; later only the failed assets are "
                + "rolled back. roll-back, or any other value: the waves not yet deployed are cancelled and"
                + " later every deployed asset is rolled back.",
        reads = {
                @Var(name = PatchChange.VAR_GATE_DECISION,
                        means = "continue, stop or roll-back: the decision of the halted-rollout task."),
                @Var(name = PatchChange.VAR_GATE_DECISION_BY,
                        means = "Who decided (set by recordDecisionListener); the decision is recorded in their name.") },
        writes = { @Var(name = PatchChange.VAR_ROLLBACK_EVERYTHING,
                means = "true unless the decision is continue or stop: requestRollbackDelegate then rolls back every deployed asset.") })
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
