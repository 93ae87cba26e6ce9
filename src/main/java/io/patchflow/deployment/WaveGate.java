package io.patchflow.deployment;

/**
 * What the gate measured after one wave, and how long the rollout bakes before the next
 * wave ({@code bakeTime}, ISO 8601: the customer's ring plan; none for an emergency).
 */
public record WaveGate(int wave, int succeeded, int total, double successRate, boolean passed, boolean moreWaves,
        String bakeTime) {
}
