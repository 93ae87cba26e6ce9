package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.DeploymentService;

/** A successful, non-emergency change needs no review meeting; record that. */
@Component("recordAutomaticReviewDelegate")
class RecordAutomaticReviewDelegate implements JavaDelegate {

    private final DeploymentService deployment;

    RecordAutomaticReviewDelegate(DeploymentService deployment) {
        this.deployment = deployment;
    }

    @Override
    public void execute(DelegateExecution execution) {
        deployment.recordAutomaticReview(Executions.changeId(execution));
    }
}
