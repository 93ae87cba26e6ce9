package io.patchflow.deployment;

/** Where one asset of one change stands. */
public enum AssetState {

    PENDING, BACKING_UP, BACKUP_VERIFIED, BACKUP_FAILED, BACKUP_WAIVED, INSTALLING, REBOOTING, INSTALLED,
    INSTALL_FAILED, VERIFYING, SUCCEEDED, VERIFY_FAILED, ROLLING_BACK, ROLLED_BACK, ROLLBACK_FAILED, CANCELLED;

    public boolean failed() {
        return this == INSTALL_FAILED || this == VERIFY_FAILED || this == ROLLBACK_FAILED || this == BACKUP_FAILED;
    }

}
