package io.patchflow.proposal;

/**
 * Where a proposal stands: OPEN until a requester accepts or dismisses it, or the run
 * starts it as a standard change, or its updates are no longer pending anywhere it names
 * (OBSOLETE).
 */
public enum ProposalStatus {

    OPEN, ACCEPTED, STARTED, DISMISSED, OBSOLETE

}
