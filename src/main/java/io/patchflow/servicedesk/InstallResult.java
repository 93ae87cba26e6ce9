package io.patchflow.servicedesk;

import io.patchflow.deployment.AssetState;

/** How an install on one asset ended, in the words a service desk uses. */
enum InstallResult {

    INSTALLED("installed"), FAILED("failed"), ROLLED_BACK("rolled back"), IN_PROGRESS("in progress"),
    NOT_INSTALLED("not installed");

    private final String label;

    InstallResult(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /**
     * Installed while the patches are on it (verified or being verified included); failed
     * where something failed and nothing undid it; rolled back where it was undone.
     */
    static InstallResult of(AssetState state) {
        return switch (state) {
            case INSTALLED, VERIFYING, SUCCEEDED -> INSTALLED;
            case INSTALL_FAILED, VERIFY_FAILED, ROLLBACK_FAILED, BACKUP_FAILED -> FAILED;
            case ROLLED_BACK -> ROLLED_BACK;
            case INSTALLING, REBOOTING, ROLLING_BACK -> IN_PROGRESS;
            case PENDING, BACKING_UP, BACKUP_VERIFIED, BACKUP_WAIVED, CANCELLED -> NOT_INSTALLED;
        };
    }

}
