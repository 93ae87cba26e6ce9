package io.patchflow.process;

/**
 * Names shared by bpmn/patch-change.bpmn and the Java that drives it. docs/process.md lists
 * every one with its meaning; PatchChangeModelTest checks the messages and task properties.
 */
public final class PatchChange {

    public static final String PROCESS_KEY = "patch-change";
    public static final String START_EVENT = "StartEvent_ChangeSubmitted";

    // messages
    public static final String MSG_CANCEL_CHANGE = "Msg_CancelChange";
    public static final String MSG_BACKUPS_FINISHED = "Msg_BackupsFinished";
    public static final String MSG_WAVE_FINISHED = "Msg_WaveFinished";
    public static final String MSG_VERIFICATION_FINISHED = "Msg_VerificationFinished";
    public static final String MSG_ROLLBACK_FINISHED = "Msg_RollbackFinished";

    // set at start
    public static final String VAR_CHANGE_ID = "changeId";
    public static final String VAR_CUSTOMER_ID = "customerId";
    public static final String VAR_REQUESTER = "requester";
    public static final String VAR_OUTCOME = "outcome";
    public static final String VAR_AGENT_JOB_TIMEOUT = "agentJobTimeout";

    // set by the risk assessment
    public static final String VAR_APPROVAL_ROUND = "approvalRound";
    public static final String VAR_RISK_LEVEL = "riskLevel";
    public static final String VAR_CHANGE_TYPE = "changeType";
    public static final String VAR_BACKUP_REQUIRED = "backupRequired";
    public static final String VAR_REVIEW_GROUP = "reviewGroup";
    public static final String VAR_CAB_GROUP = "cabGroup";
    public static final String VAR_CAB_SEATS = "cabSeats";
    public static final String VAR_CAB_QUORUM = "cabQuorum";
    public static final String VAR_EMERGENCY_GROUP = "emergencyGroup";
    public static final String VAR_APPROVAL_DEADLINE = "approvalDeadline";
    public static final String VAR_CAB_APPROVALS = "cabApprovals";
    public static final String VAR_CAB_REJECTIONS = "cabRejections";
    public static final String VAR_CAB_INFO_REQUESTS = "cabInfoRequests";

    // set by people's decisions (form fields)
    public static final String VAR_REVIEW_DECISION = "reviewDecision";
    public static final String VAR_EMERGENCY_DECISION = "emergencyDecision";
    public static final String VAR_CAB_VOTE = "cabVote";
    public static final String VAR_BACKUP_RESOLUTION = "backupResolution";
    public static final String VAR_GATE_DECISION = "gateDecision";

    // set by scheduling, backups, waves, verification
    public static final String VAR_WINDOW_START = "windowStart";
    public static final String VAR_IN_SOFT_BLACKOUT = "inSoftBlackout";
    public static final String VAR_BLACKOUT_DECISION = "blackoutDecision";
    public static final String VAR_BACKUPS_VERIFIED = "backupsVerified";
    public static final String VAR_WAVE_COUNT = "waveCount";
    public static final String VAR_CURRENT_WAVE = "currentWave";
    public static final String VAR_GATE_PASSED = "gatePassed";
    public static final String VAR_MORE_WAVES = "moreWaves";
    /** ISO 8601 duration the rollout waits after a passed gate before the next wave; read by Timer_BakeTime. */
    public static final String VAR_BAKE_TIME = "bakeTime";
    public static final String VAR_VERIFICATION_JOBS = "verificationJobs";
    public static final String VAR_FAILED_ASSETS = "failedAssets";
    public static final String VAR_ROLLBACK_EVERYTHING = "rollbackEverything";

    // passed with Msg_CancelChange
    public static final String VAR_CANCELLED_BY = "cancelledBy";
    public static final String VAR_CANCEL_REASON = "cancelReason";

    // user task extension properties read by RecordDecisionListener
    public static final String PROP_DECISION_STEP = "decisionStep";
    public static final String PROP_DECISION_VARIABLE = "decisionVariable";
    public static final String PROP_DECISION_VALUES = "decisionValues";
    public static final String PROP_COMMENT_VARIABLE = "commentVariable";
    public static final String PROP_FOUR_EYES = "fourEyes";

    private PatchChange() {
    }
}
