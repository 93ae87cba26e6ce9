package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeOutcome;
import io.patchflow.deployment.Backups;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchChange.BackupResolution;

/** Applies the change manager's answer to a failed backup verification. */
@ModelDelegate(
        summary = "Carries out a change manager's answer to a failed backup check. waive: the assets whose "
                + "backup failed deploy without one (audited in the decider's name). abort: the open agent "
                + "jobs are withdrawn, every asset is cancelled and the change's outcome is CANCELLED. "
                + "retry, or any other value: nothing, so the model can ask the agents again.",
        reads = {
                @Var(name = PatchChange.VAR_BACKUP_RESOLUTION,
                        means = "retry, abort or waive: the decision of the backup-failure task."),
                @Var(name = PatchChange.VAR_BACKUP_RESOLUTION_BY,
                        means = "Who decided (set by recordDecisionListener); the waiver or the abort is recorded in their name.") },
        writes = { @Var(name = PatchChange.VAR_OUTCOME, means = "CANCELLED, on abort only.") })
@Component("applyBackupResolutionDelegate")
class ApplyBackupResolutionDelegate implements JavaDelegate {

    private final Backups backups;

    ApplyBackupResolutionDelegate(Backups backups) {
        this.backups = backups;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ChangeId id = Executions.changeId(execution);
        String decidedBy = Executions.text(execution, PatchChange.VAR_BACKUP_RESOLUTION_BY);
        switch (Executions.text(execution, PatchChange.VAR_BACKUP_RESOLUTION)) {
            case BackupResolution.WAIVE -> backups.waive(id, decidedBy);
            case BackupResolution.ABORT -> {
                backups.abort(id, decidedBy);
                execution.setVariable(PatchChange.VAR_OUTCOME, ChangeOutcome.CANCELLED.name());
            }
            default -> {
            } // retry: the model loops back and asks the agents again
        }
    }

}
