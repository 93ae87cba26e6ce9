package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.Backups;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchChange;

/** Sets {@code backupsVerified}. */
@ModelDelegate(
        summary = "Checks the backups once the agents answered; when any asset's backup failed, the change "
                + "moves to BACKUP_FAILED for a change manager to decide.",
        writes = { @Var(name = PatchChange.VAR_BACKUPS_VERIFIED, means = "Boolean: no asset's backup failed.") })
@Component("evaluateBackupsDelegate")
class EvaluateBackupsDelegate implements JavaDelegate {

    private final Backups backups;

    EvaluateBackupsDelegate(Backups backups) {
        this.backups = backups;
    }

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(PatchChange.VAR_BACKUPS_VERIFIED, backups.evaluate(Executions.changeId(execution)));
    }

}
