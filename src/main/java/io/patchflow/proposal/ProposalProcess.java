package io.patchflow.proposal;

/**
 * The patch-proposals process on the engine: it runs on a timer, or now when someone
 * asks.
 */
public interface ProposalProcess {

    /** Starts one run of the proposal process now; returns its process instance id. */
    String runNow();

}
