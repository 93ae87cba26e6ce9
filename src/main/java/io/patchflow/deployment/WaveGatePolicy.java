package io.patchflow.deployment;

/**
 * After each wave: did enough assets succeed for the rollout to continue without asking a
 * person?
 */
public final class WaveGatePolicy {

    private WaveGatePolicy() {
    }

    public static double successRate(int succeeded, int total) {
        return total == 0 ? 1.0 : (double) succeeded / total;
    }

    public static boolean passes(int succeeded, int total, double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) { // also refuses NaN
            throw new IllegalArgumentException("a gate threshold is a rate between 0 and 1, not " + threshold);
        }
        return successRate(succeeded, total) >= threshold;
    }

}
