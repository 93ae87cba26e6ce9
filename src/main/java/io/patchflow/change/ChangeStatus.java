package io.patchflow.change;

public enum ChangeStatus {

    SUBMITTED, AWAITING_APPROVAL, NEEDS_INFORMATION, APPROVED, SCHEDULED, VERIFYING_BACKUPS, BACKUP_FAILED, DEPLOYING,
    WAVE_HALTED, VERIFYING, ROLLING_BACK, IN_REVIEW, CLOSED;

    /**
     * From deployment on, a change can no longer be cancelled; it runs to its outcome.
     */
    public boolean deploymentStarted() {
        return compareTo(DEPLOYING) >= 0;
    }

}
