package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.AgentResults;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchChange;

/**
 * The agents did not all answer in time: what is still open counts as failed (input
 * {@code phase}).
 */
@ModelDelegate(
        summary = "The agents did not all answer in time: the change's open agent jobs of one phase time "
                + "out and their assets count as failed in that phase; audited as AGENT_JOBS_TIMED_OUT. A "
                + "later answer to such a job is refused. Meant for a timer on the wait for the agents.",
        inputs = { @Var(name = PatchChange.INPUT_PHASE,
                means = "BACKUP, INSTALL, VERIFY or ROLLBACK: the phase whose jobs time out; another value fails the step.") })
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
