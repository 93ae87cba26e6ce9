package io.patchflow.inventory;

/**
 * How much unplanned downtime the business accepts for the asset: NONE is the most
 * sensitive.
 */
public enum DowntimeTolerance {

    NONE, LOW, MEDIUM, HIGH

}
