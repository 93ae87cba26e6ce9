package io.patchflow.deployment;

/** What the gate measured after one wave. */
public record WaveGate(int wave, int succeeded, int total, double successRate, boolean passed, boolean moreWaves) {
}
