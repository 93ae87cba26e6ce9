package io.patchflow.inventory;

/** How much the business suffers when the asset is down. Ordered from least to most. */
public enum Criticality {

    LOW, MEDIUM, HIGH, CRITICAL

}
