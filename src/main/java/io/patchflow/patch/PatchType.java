package io.patchflow.patch;

public enum PatchType {

    SECURITY, MAINTENANCE, FIRMWARE, APPLICATION

}
