package io.patchflow.process.model;

/**
 * The names bpmn/patch-proposals.bpmn and the Java that drives it share, named after
 * their values like those of {@link PatchChange}; ProcessContractTest checks them against
 * the model.
 */
public final class PatchProposals {

    public static final String PROCESS_KEY = "patch-proposals";

    // --- flow nodes ---

    public static final String START_EVENT_PROPOSAL_SCHEDULE = "StartEvent_ProposalSchedule";

    public static final String TASK_PROPOSE_CHANGES = "Task_ProposeChanges";

    public static final String GATEWAY_STANDARD_PROPOSALS = "Gateway_StandardProposals";

    public static final String TASK_START_STANDARD_CHANGES = "Task_StartStandardChanges";

    public static final String END_EVENT_STANDARD_CHANGES_SUBMITTED = "EndEvent_StandardChangesSubmitted";

    public static final String END_EVENT_PROPOSALS_WAITING = "EndEvent_ProposalsWaiting";

    // --- variables ---

    /**
     * Integer, how many proposals the run created; set by {@code ProposeChangesDelegate}.
     */
    @CodeOnly("information, shown in Cockpit")
    public static final String VAR_PROPOSED = "proposed";

    /**
     * Integer, how many open proposals fit a standard change template; set by
     * {@code ProposeChangesDelegate}.
     */
    public static final String VAR_STANDARD_PROPOSALS = "standardProposals";

    /**
     * Integer, how many of them became changes; set by
     * {@code StartStandardChangesDelegate}.
     */
    @CodeOnly("information, shown in Cockpit")
    public static final String VAR_STANDARD_CHANGES_STARTED = "standardChangesStarted";

    private PatchProposals() {
    }

}
