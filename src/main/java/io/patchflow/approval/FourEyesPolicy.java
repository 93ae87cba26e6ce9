package io.patchflow.approval;

import java.util.Collection;
import java.util.Optional;

import io.patchflow.shared.ForbiddenException;

/**
 * Nobody approves their own change, and nobody fills two seats of the same approval
 * board. Checked by the engine when an approval task is completed, whatever client
 * completes it.
 */
public final class FourEyesPolicy {

    private FourEyesPolicy() {
    }

    public static void check(String requester, String decider, Collection<String> earlierVotersThisRound) {
        refusal(requester, decider, earlierVotersThisRound).ifPresent(reason -> {
            throw new ForbiddenException(reason);
        });
    }

    /**
     * Why {@code decider} may not take this decision, or empty if they may. The engine
     * refuses with this reason; the inbox and the task page use it to not offer what
     * would be refused.
     */
    public static Optional<String> refusal(String requester, String decider,
            Collection<String> earlierVotersThisRound) {
        if (decider == null || decider.isBlank()) {
            return Optional.of("approvals must be decided by a signed-in person");
        }
        if (decider.equals(requester)) {
            return Optional.of("four-eyes rule: " + decider + " requested this change and cannot approve it;"
                    + " another approver must decide");
        }
        if (earlierVotersThisRound.contains(decider)) {
            return Optional.of("four-eyes rule: " + decider + " has already voted in this approval round;"
                    + " the remaining seats need other approvers");
        }
        return Optional.empty();
    }

}
