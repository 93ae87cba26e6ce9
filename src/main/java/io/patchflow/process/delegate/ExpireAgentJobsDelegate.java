package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.AgentResults;

/**
 * The agents did not all answer in time: what is still open counts as failed (input
 * {@code phase}).
 */
@Component("expireAgentJobsDelegate")
class ExpireAgentJobsDelegate implements JavaDelegate {

    private final AgentResults results;

    ExpireAgentJobsDelegate(AgentResults results) {
        this.results = results;
    }

    @Override
    public void execute(DelegateExecution execution) {
        results.expire(Executions.changeId(execution), Executions.phase(execution));
    }

}
