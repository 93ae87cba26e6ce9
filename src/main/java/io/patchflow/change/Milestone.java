package io.patchflow.change;

/**
 * The points in a change's life that the tickets linked to it hear of (ADR 0042):
 * submitted (said by ticketing, which links the ticket), assessed, approved or rejected,
 * escalated, scheduled, deploying, succeeded / failed / rolled back, closed.
 */
public enum Milestone {

    ASSESSED, APPROVED, REJECTED, APPROVAL_ESCALATED, SCHEDULED, DEPLOYMENT_STARTED, SUCCEEDED, FAILED, ROLLED_BACK,
    CHANGE_CLOSED

}
