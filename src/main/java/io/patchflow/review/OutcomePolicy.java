package io.patchflow.review;

import java.util.Map;

import io.patchflow.change.ChangeOutcome;
import io.patchflow.deployment.AssetState;

/** Which outcome a deployed change closes with, from its assets' final states. */
public final class OutcomePolicy {

    private OutcomePolicy() {
    }

    public static ChangeOutcome outcome(Map<AssetState, Integer> states) {
        int succeeded = states.getOrDefault(AssetState.SUCCEEDED, 0);
        int total = states.values().stream().mapToInt(Integer::intValue).sum();
        if (total > 0 && succeeded == total) {
            return ChangeOutcome.SUCCESSFUL;
        }
        if (succeeded > 0) {
            return ChangeOutcome.PARTIALLY_SUCCESSFUL;
        }
        return ChangeOutcome.ROLLED_BACK;
    }

}
