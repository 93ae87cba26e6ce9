package io.patchflow.change;

/** The points in a change's life that the tickets linked to it hear of. */
public enum Milestone {

    ASSESSED, APPROVED, APPROVAL_ESCALATED, DEPLOYMENT_STARTED, CHANGE_CLOSED

}
