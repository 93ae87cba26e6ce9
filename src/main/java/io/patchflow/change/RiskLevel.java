package io.patchflow.change;

public enum RiskLevel {

    LOW, MEDIUM, HIGH, CRITICAL

}
