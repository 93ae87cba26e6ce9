package io.patchflow.deployment;

import io.patchflow.agent.DeploymentPhase;

/** Where an asset goes when its agent job in a phase ends. */
final class AssetStates {

    private AssetStates() {
    }

    static AssetState after(DeploymentPhase phase, boolean succeeded) {
        return switch (phase) {
            case BACKUP -> succeeded ? AssetState.BACKUP_VERIFIED : AssetState.BACKUP_FAILED;
            case INSTALL -> succeeded ? AssetState.INSTALLED : AssetState.INSTALL_FAILED;
            case VERIFY -> succeeded ? AssetState.SUCCEEDED : AssetState.VERIFY_FAILED;
            case ROLLBACK -> succeeded ? AssetState.ROLLED_BACK : AssetState.ROLLBACK_FAILED;
        };
    }

}
