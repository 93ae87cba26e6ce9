package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.Verification;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchChange;

/** Sets {@code failedAssets}: assets that failed to install or to verify. */
@ModelDelegate(summary = "Counts the assets that failed to install or to verify, which need rolling back.",
        writes = { @Var(name = PatchChange.VAR_FAILED_ASSETS,
                means = "Integer: assets in INSTALL_FAILED or VERIFY_FAILED.") })
@Component("evaluateVerificationDelegate")
class EvaluateVerificationDelegate implements JavaDelegate {

    private final Verification verification;

    EvaluateVerificationDelegate(Verification verification) {
        this.verification = verification;
    }

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(PatchChange.VAR_FAILED_ASSETS, verification.failedAssets(Executions.changeId(execution)));
    }

}
