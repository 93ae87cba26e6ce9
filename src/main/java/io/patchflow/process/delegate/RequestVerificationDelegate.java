package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.Verification;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchChange;

/** Queues one health-check job per installed asset; sets {@code verificationJobs}. */
@ModelDelegate(
        summary = "Asks the agents to health-check every installed asset: one VERIFY job each; status VERIFYING.",
        writes = {
                @Var(name = PatchChange.VAR_VERIFICATION_JOBS,
                        means = "Integer: how many jobs were queued; 0 when there is nothing to wait for."),
                @Var(name = PatchChange.VAR_ROLLBACK_EVERYTHING,
                        means = "false: a rollback after verification covers only the failed assets.") })
@Component("requestVerificationDelegate")
class RequestVerificationDelegate implements JavaDelegate {

    private final Verification verification;

    RequestVerificationDelegate(Verification verification) {
        this.verification = verification;
    }

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(PatchChange.VAR_VERIFICATION_JOBS, verification.request(Executions.changeId(execution)));
        execution.setVariable(PatchChange.VAR_ROLLBACK_EVERYTHING, false);
    }

}
