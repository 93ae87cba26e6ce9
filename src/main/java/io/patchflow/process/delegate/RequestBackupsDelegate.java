package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.deployment.Backups;

/** Queues one backup-verification job per asset that has no verified backup. */
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
