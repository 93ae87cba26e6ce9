package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.Backups;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;

/** Queues one backup-verification job per asset that has no verified backup. */
@ModelDelegate(summary = "Asks the agents to verify (or take) a backup of every asset that has none verified yet: "
        + "one BACKUP job per pending or failed asset, as one batch; status VERIFYING_BACKUPS. A "
        + "retry asks only the assets that failed.")
@Component("requestBackupsDelegate")
class RequestBackupsDelegate implements JavaDelegate {

    private final Backups backups;

    RequestBackupsDelegate(Backups backups) {
        this.backups = backups;
    }

    @Override
    public void execute(DelegateExecution execution) {
        backups.request(Executions.changeId(execution));
    }

}
