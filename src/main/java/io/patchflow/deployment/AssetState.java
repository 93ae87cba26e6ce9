package io.patchflow.deployment;

/** Where one asset of one change stands. */
public enum AssetState {

    PENDING, BACKING_UP, BACKUP_VERIFIED, BACKUP_FAILED, BACKUP_WAIVED, INSTALLING, REBOOTING, INSTALLED,
    INSTALL_FAILED, VERIFYING, SUCCEEDED, VERIFY_FAILED, ROLLING_BACK, ROLLED_BACK, ROLLBACK_FAILED, CANCELLED;

    public boolean failed() {
        return this == INSTALL_FAILED || this == VERIFY_FAILED || this == ROLLBACK_FAILED || this == BACKUP_FAILED;
    }

    /**
     * The agent installed the change's patches here and nothing undid them: installed,
     * being verified, or verified. A failed verification is not counted: it is rolled
     * back, and where it is not, a person has to look.
     */
    public boolean installed() {
        return this == INSTALLED || this == VERIFYING || this == SUCCEEDED;
    }

}
