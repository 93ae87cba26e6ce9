package io.patchflow.approval;

import java.util.Collection;

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
        if (decider == null || decider.isBlank()) {
            throw new ForbiddenException("approvals must be decided by a signed-in person");
        }
        if (decider.equals(requester)) {
            throw new ForbiddenException("four-eyes rule: " + decider + " requested this change and cannot approve it;"
                    + " another approver must decide");
        }
        if (earlierVotersThisRound.contains(decider)) {
            throw new ForbiddenException("four-eyes rule: " + decider + " has already voted in this approval round;"
                    + " the remaining seats need other approvers");
        }
    }

}
