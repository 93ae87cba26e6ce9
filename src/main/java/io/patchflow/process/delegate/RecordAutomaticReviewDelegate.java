package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.review.ChangeReview;

/** A successful, non-emergency change needs no review meeting; record that. */
@ModelDelegate(summary = "Records in the audit trail that a successful non-emergency change needs no review "
        + "meeting (REVIEW_AUTOMATIC).")
@Component("recordAutomaticReviewDelegate")
class RecordAutomaticReviewDelegate implements JavaDelegate {

    private final ChangeReview review;

    RecordAutomaticReviewDelegate(ChangeReview review) {
        this.review = review;
    }

    @Override
    public void execute(DelegateExecution execution) {
        review.recordAutomaticReview(Executions.changeId(execution));
    }

}
