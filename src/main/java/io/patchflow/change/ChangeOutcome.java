package io.patchflow.change;

public enum ChangeOutcome {

    SUCCESSFUL, PARTIALLY_SUCCESSFUL, ROLLED_BACK, REJECTED, CANCELLED

}
