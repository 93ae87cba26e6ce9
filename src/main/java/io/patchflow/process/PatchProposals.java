package io.patchflow.process;

/** Names shared by bpmn/patch-proposals.bpmn and the Java that drives it. */
public final class PatchProposals {

    public static final String PROCESS_KEY = "patch-proposals";

    /** How many proposals the run created. */
    public static final String VAR_PROPOSED = "proposed";
    /** How many open proposals fit a standard change template; the gateway reads it. */
    public static final String VAR_STANDARD_PROPOSALS = "standardProposals";
    /** How many of them became changes. */
    public static final String VAR_STARTED = "standardChangesStarted";

    private PatchProposals() {
    }
}
