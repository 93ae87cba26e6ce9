package io.patchflow.inbox;

/**
 * What became of one task of a bulk approval: {@code APPROVED}, or refused with the
 * reason in words.
 *
 * @param changeId the change's id ({@code CHG-12}) when the person may see the task, else
 * null
 */
public record BulkResult(String taskId, Outcome outcome, String reason, String changeId, String taskName) {

    public enum Outcome {

        /** Approved: the decision is recorded as if taken on the task's page. */
        APPROVED,
        /**
         * No open task with this id that the person may see (another customer's, or
         * done).
         */
        NOT_FOUND,
        /** Not a task bulk approval takes ({@link BulkApprovalPolicy}). */
        NOT_ELIGIBLE,
        /** The four-eyes rule refused the person (their own change, a second seat). */
        FOUR_EYES,
        /** Done or taken by someone else between the check and the approval. */
        ALREADY_DONE,
        /** Someone else changed the change at the same moment; try again. */
        CONFLICT,
        /** Refused for another reason the reason names (the form, the task's rules). */
        REFUSED,
        /** A technical failure; nothing recorded for this task, the server log has it. */
        FAILED

    }

    public boolean approved() {
        return outcome == Outcome.APPROVED;
    }

}
