package io.patchflow.ticketing;

/**
 * Where a change moves the tickets linked to it, in order. Each adapter maps a stage to
 * its system's own states and transitions (docs/ticketing.md).
 */
public enum TicketStage {

    /** The change is being deployed: e.g. a ServiceNow change_request in Implement. */
    IMPLEMENTING,

    /** The change is closed: e.g. ServiceNow Closed, a Jira issue Done. */
    CLOSED

}
