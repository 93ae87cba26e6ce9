package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchChange;
import io.patchflow.review.ChangeReview;

/** Sets {@code outcome} from the assets' final states. */
@ModelDelegate(
        summary = "Decides the change's outcome from its assets' final states (all succeeded, some, or "
                + "none), records it on the change and moves the change to IN_REVIEW.",
        writes = { @Var(name = PatchChange.VAR_OUTCOME, means = "SUCCESSFUL, PARTIALLY_SUCCESSFUL or ROLLED_BACK.") })
@Component("decideOutcomeDelegate")
class DecideOutcomeDelegate implements JavaDelegate {

    private final ChangeReview review;

    DecideOutcomeDelegate(ChangeReview review) {
        this.review = review;
    }

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(PatchChange.VAR_OUTCOME, review.decideOutcome(Executions.changeId(execution)).name());
    }

}
