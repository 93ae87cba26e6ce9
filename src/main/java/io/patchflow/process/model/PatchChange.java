package io.patchflow.process.model;

/**
 * The names bpmn/patch-change.bpmn and the Java that drives it share: element ids,
 * message names, variable names, input parameters, task properties and the values of
 * people's decisions. Each constant is named after its value
 * ({@code Task_ReviewTechnically} is {@code TASK_REVIEW_TECHNICALLY},
 * {@code gateDecision} is {@code VAR_GATE_DECISION}); ProcessContractTest checks every
 * one against the model and its forms, and that every flow node of the model has one. The
 * variables' comments are the descriptions in docs/process.md, which ProcessDocument
 * generates from the model and this class.
 */
public final class PatchChange {

    public static final String PROCESS_KEY = "patch-change";

    // --- flow nodes: start, preparation and approval (inside
    // SubProcess_BeforeDeployment) ------------

    public static final String START_EVENT_CHANGE_SUBMITTED = "StartEvent_ChangeSubmitted";

    public static final String SUB_PROCESS_BEFORE_DEPLOYMENT = "SubProcess_BeforeDeployment";

    public static final String START_EVENT_PREPARATION = "StartEvent_Preparation";

    public static final String GATEWAY_ASSESSMENT_LOOP = "Gateway_AssessmentLoop";

    public static final String TASK_ASSESS_RISK = "Task_AssessRisk";

    public static final String TASK_NOTE_ASSESSMENT = "Task_NoteAssessment";

    public static final String GATEWAY_CHANGE_TYPE = "Gateway_ChangeType";

    public static final String TASK_APPROVE_EMERGENCY = "Task_ApproveEmergency";

    public static final String TIMER_EMERGENCY_OVERDUE = "Timer_EmergencyOverdue";

    public static final String TASK_ESCALATE_EMERGENCY_APPROVAL = "Task_EscalateEmergencyApproval";

    public static final String END_EVENT_EMERGENCY_ESCALATED = "EndEvent_EmergencyEscalated";

    public static final String GATEWAY_EMERGENCY_DECISION = "Gateway_EmergencyDecision";

    public static final String GATEWAY_NEEDS_INFORMATION = "Gateway_NeedsInformation";

    public static final String TASK_RECORD_INFORMATION_REQUEST = "Task_RecordInformationRequest";

    public static final String TASK_PROVIDE_INFORMATION = "Task_ProvideInformation";

    public static final String TASK_REVIEW_TECHNICALLY = "Task_ReviewTechnically";

    public static final String TIMER_REVIEW_OVERDUE = "Timer_ReviewOverdue";

    public static final String TASK_ESCALATE_REVIEW = "Task_EscalateReview";

    public static final String END_EVENT_REVIEW_ESCALATED = "EndEvent_ReviewEscalated";

    public static final String GATEWAY_REVIEW_DECISION = "Gateway_ReviewDecision";

    public static final String TASK_APPROVE_CHANGE = "Task_ApproveChange";

    public static final String TIMER_CAB_OVERDUE = "Timer_CabOverdue";

    public static final String TASK_ESCALATE_CAB_VOTE = "Task_EscalateCabVote";

    public static final String END_EVENT_CAB_ESCALATED = "EndEvent_CabEscalated";

    public static final String GATEWAY_CAB_DECISION = "Gateway_CabDecision";

    public static final String TASK_RECORD_PRE_APPROVAL = "Task_RecordPreApproval";

    public static final String GATEWAY_REJECTED = "Gateway_Rejected";

    public static final String TASK_RECORD_REJECTION = "Task_RecordRejection";

    public static final String END_EVENT_REJECTED = "EndEvent_Rejected";

    public static final String GATEWAY_APPROVED = "Gateway_Approved";

    public static final String TASK_RECORD_APPROVAL = "Task_RecordApproval";

    // --- flow nodes: scheduling, blackouts and backups (inside
    // SubProcess_BeforeDeployment) ----------

    public static final String GATEWAY_SCHEDULE_LOOP = "Gateway_ScheduleLoop";

    public static final String TASK_SCHEDULE_CHANGE = "Task_ScheduleChange";

    public static final String GATEWAY_SOFT_BLACKOUT = "Gateway_SoftBlackout";

    public static final String TASK_APPROVE_BLACKOUT_DEPLOYMENT = "Task_ApproveBlackoutDeployment";

    public static final String GATEWAY_BLACKOUT_DECISION = "Gateway_BlackoutDecision";

    public static final String TIMER_WINDOW_OPENS = "Timer_WindowOpens";

    public static final String GATEWAY_BACKUP_NEEDED = "Gateway_BackupNeeded";

    public static final String GATEWAY_BACKUP_LOOP = "Gateway_BackupLoop";

    public static final String TASK_REQUEST_BACKUPS = "Task_RequestBackups";

    public static final String TASK_AWAIT_BACKUPS = "Task_AwaitBackups";

    public static final String TIMER_BACKUPS_TIMEOUT = "Timer_BackupsTimeout";

    public static final String TASK_EXPIRE_BACKUP_JOBS = "Task_ExpireBackupJobs";

    public static final String GATEWAY_BACKUPS_ANSWERED = "Gateway_BackupsAnswered";

    public static final String TASK_EVALUATE_BACKUPS = "Task_EvaluateBackups";

    public static final String GATEWAY_BACKUPS_VERIFIED = "Gateway_BackupsVerified";

    public static final String TASK_RESOLVE_BACKUP_FAILURE = "Task_ResolveBackupFailure";

    public static final String TASK_APPLY_BACKUP_RESOLUTION = "Task_ApplyBackupResolution";

    public static final String GATEWAY_BACKUP_RESOLUTION = "Gateway_BackupResolution";

    public static final String END_EVENT_ABORTED = "EndEvent_Aborted";

    public static final String GATEWAY_BACKUPS_DONE = "Gateway_BackupsDone";

    public static final String END_EVENT_READY_TO_DEPLOY = "EndEvent_ReadyToDeploy";

    // --- flow nodes: cancellation (event sub-process inside SubProcess_BeforeDeployment)
    // ---

    public static final String SUB_PROCESS_CANCELLATION = "SubProcess_Cancellation";

    public static final String START_EVENT_CANCEL_REQUESTED = "StartEvent_CancelRequested";

    public static final String TASK_RECORD_CANCELLATION = "Task_RecordCancellation";

    public static final String END_EVENT_CANCELLED = "EndEvent_Cancelled";

    // --- flow nodes: deployment in waves, verification and rollback ---

    public static final String GATEWAY_READY_TO_DEPLOY = "Gateway_ReadyToDeploy";

    public static final String TASK_START_DEPLOYMENT = "Task_StartDeployment";

    public static final String GATEWAY_NEXT_WAVE = "Gateway_NextWave";

    public static final String TASK_DISPATCH_WAVE = "Task_DispatchWave";

    public static final String TASK_AWAIT_WAVE = "Task_AwaitWave";

    public static final String TIMER_WAVE_TIMEOUT = "Timer_WaveTimeout";

    public static final String TASK_EXPIRE_WAVE_JOBS = "Task_ExpireWaveJobs";

    public static final String GATEWAY_WAVE_ANSWERED = "Gateway_WaveAnswered";

    public static final String TASK_EVALUATE_WAVE_GATE = "Task_EvaluateWaveGate";

    public static final String GATEWAY_WAVE_GATE = "Gateway_WaveGate";

    public static final String TIMER_BAKE_TIME = "Timer_BakeTime";

    public static final String TASK_DECIDE_WAVE_GATE = "Task_DecideWaveGate";

    public static final String TASK_APPLY_GATE_DECISION = "Task_ApplyGateDecision";

    public static final String GATEWAY_GATE_DECISION = "Gateway_GateDecision";

    public static final String GATEWAY_ROLLOUT_DONE = "Gateway_RolloutDone";

    public static final String TASK_REQUEST_VERIFICATION = "Task_RequestVerification";

    public static final String GATEWAY_VERIFICATION_NEEDED = "Gateway_VerificationNeeded";

    public static final String TASK_AWAIT_VERIFICATION = "Task_AwaitVerification";

    public static final String TIMER_VERIFICATION_TIMEOUT = "Timer_VerificationTimeout";

    public static final String TASK_EXPIRE_VERIFICATION_JOBS = "Task_ExpireVerificationJobs";

    public static final String GATEWAY_VERIFICATION_ANSWERED = "Gateway_VerificationAnswered";

    public static final String TASK_EVALUATE_VERIFICATION = "Task_EvaluateVerification";

    public static final String GATEWAY_ANY_FAILED = "Gateway_AnyFailed";

    public static final String GATEWAY_ROLLBACK_START = "Gateway_RollbackStart";

    public static final String TASK_REQUEST_ROLLBACK = "Task_RequestRollback";

    public static final String TASK_AWAIT_ROLLBACK = "Task_AwaitRollback";

    public static final String TIMER_ROLLBACK_TIMEOUT = "Timer_RollbackTimeout";

    public static final String TASK_EXPIRE_ROLLBACK_JOBS = "Task_ExpireRollbackJobs";

    public static final String GATEWAY_ROLLBACK_ANSWERED = "Gateway_RollbackAnswered";

    public static final String TASK_OPEN_INCIDENT = "Task_OpenIncident";

    // --- flow nodes: outcome, reviews and closing ---

    public static final String GATEWAY_REVIEW_MERGE = "Gateway_ReviewMerge";

    public static final String TASK_DECIDE_OUTCOME = "Task_DecideOutcome";

    public static final String GATEWAY_REVIEW_KIND = "Gateway_ReviewKind";

    public static final String TASK_REVIEW_RETROSPECTIVELY = "Task_ReviewRetrospectively";

    public static final String GATEWAY_AFTER_RETROSPECTIVE = "Gateway_AfterRetrospective";

    public static final String TASK_RECORD_AUTOMATIC_REVIEW = "Task_RecordAutomaticReview";

    public static final String GATEWAY_IMPLEMENTATION_REVIEW_NEEDED = "Gateway_ImplementationReviewNeeded";

    public static final String TASK_REVIEW_IMPLEMENTATION = "Task_ReviewImplementation";

    public static final String GATEWAY_REVIEWS_DONE = "Gateway_ReviewsDone";

    public static final String GATEWAY_CLOSE = "Gateway_Close";

    public static final String TASK_CLOSE_CHANGE = "Task_CloseChange";

    public static final String TASK_NOTE_CLOSURE = "Task_NoteClosure";

    public static final String END_EVENT_CHANGE_CLOSED = "EndEvent_ChangeClosed";

    // --- message names ---

    public static final String MSG_CANCEL_CHANGE = "Msg_CancelChange";

    public static final String MSG_BACKUPS_FINISHED = "Msg_BackupsFinished";

    public static final String MSG_WAVE_FINISHED = "Msg_WaveFinished";

    public static final String MSG_VERIFICATION_FINISHED = "Msg_VerificationFinished";

    public static final String MSG_ROLLBACK_FINISHED = "Msg_RollbackFinished";

    // --- variables set when the process starts (ChangeProcessAdapter.start, as the
    // requester) -------

    /** String, the change id ({@code CHG-42}). */
    @CodeOnly("shown in Cockpit; delegates read the business key instead")
    public static final String VAR_CHANGE_ID = "changeId";

    /** String, the change's customer. */
    @CodeOnly("CustomerTenantIdProvider makes it the instance's tenant id")
    public static final String VAR_CUSTOMER_ID = "customerId";

    /** String, the requester's username. */
    public static final String VAR_REQUESTER = "requester";

    /**
     * String, a {@code ChangeOutcome} name. Null at the start, so that {@code ${outcome
     * == null}} can always be evaluated; set by {@code RejectChangeDelegate}
     * ({@code REJECTED}), {@code RecordCancellationDelegate} and
     * {@code ApplyBackupResolutionDelegate} on {@code abort} ({@code CANCELLED}), and
     * {@code DecideOutcomeDelegate} ({@code SUCCESSFUL}, {@code PARTIALLY_SUCCESSFUL} or
     * {@code ROLLED_BACK}).
     */
    public static final String VAR_OUTCOME = "outcome";

    /**
     * String, ISO 8601 duration from {@code patchflow.agent.job-timeout} (default
     * {@code PT30M}, {@code PT3M} in the {@code demo} profile): how long agents may take
     * per phase. A change keeps the timeout it started with.
     */
    public static final String VAR_AGENT_JOB_TIMEOUT = "agentJobTimeout";

    // --- variables set by the risk assessment (AssessRiskDelegate, every approval round)
    // ---

    /** Integer: 1, then + 1 per assessment. */
    @CodeOnly("RecordDecisionListener records each decision with its round (four-eyes per round); "
            + "PreApproveChangeDelegate and RejectChangeDelegate read it too")
    public static final String VAR_APPROVAL_ROUND = "approvalRound";

    /** String, a {@code RiskLevel} name. */
    @CodeOnly("information, shown in Cockpit")
    public static final String VAR_RISK_LEVEL = "riskLevel";

    /**
     * String, a {@code ChangeType} name; {@code RejectChangeDelegate} also puts it in the
     * rejection's reason.
     */
    public static final String VAR_CHANGE_TYPE = "changeType";

    /** Boolean, from the decision {@code backup-requirement}. */
    public static final String VAR_BACKUP_REQUIRED = "backupRequired";

    /** String, a group id from {@code approval-routing}; null when the table gives "". */
    public static final String VAR_REVIEW_GROUP = "reviewGroup";

    /** String, a group id from {@code approval-routing}; null when the table gives "". */
    public static final String VAR_CAB_GROUP = "cabGroup";

    /** Integer, from {@code approval-routing}: how many CAB members vote. */
    public static final String VAR_CAB_SEATS = "cabSeats";

    /** Integer, from {@code approval-routing}: how many approvals approve the change. */
    public static final String VAR_CAB_QUORUM = "cabQuorum";

    /** String, a group id from {@code approval-routing}; null when the table gives "". */
    public static final String VAR_EMERGENCY_GROUP = "emergencyGroup";

    /**
     * String, ISO 8601 duration from {@code approval-routing} ({@code PT2H}, {@code P1D},
     * {@code P2D} or {@code P3D}).
     */
    public static final String VAR_APPROVAL_DEADLINE = "approvalDeadline";

    /**
     * String, the riskiest patch type of the change as the risk tables saw it
     * ({@code FIRMWARE}, {@code SECURITY}, {@code MAINTENANCE} or {@code APPLICATION});
     * set at each assessment.
     */
    @CodeOnly("for analysts' models to route on (an extra approval for firmware, say); the shipped model routes on the tables' outputs")
    public static final String VAR_PATCH_TYPE = "patchType";

    /**
     * Integer, the approvals of the current round: 0 after the assessment, then counted
     * from the {@code approval} table by {@code RecordDecisionListener} after every CAB
     * vote.
     */
    public static final String VAR_CAB_APPROVALS = "cabApprovals";

    /** Integer, the rejections of the current round; set like {@code cabApprovals}. */
    public static final String VAR_CAB_REJECTIONS = "cabRejections";

    /**
     * Integer, the requests for information of the current round; set like
     * {@code cabApprovals}.
     */
    public static final String VAR_CAB_INFO_REQUESTS = "cabInfoRequests";

    // --- variables set by people (form fields, checked by RecordDecisionListener) ---

    /** String, one of {@link ReviewDecision}. */
    public static final String VAR_REVIEW_DECISION = "reviewDecision";

    /**
     * String, the reason of a rejection or the question for the requester: required with
     * {@code reject} and {@code needs-info}, not asked (the form hides it) with
     * {@code approve}; stored with the decision.
     */
    public static final String VAR_REVIEW_COMMENT = "reviewComment";

    /** String, one of {@link EmergencyDecision}. */
    public static final String VAR_EMERGENCY_DECISION = "emergencyDecision";

    /**
     * String, the reason of a rejection or the question for the requester: required with
     * {@code reject} and {@code needs-info}, not asked (the form hides it) with
     * {@code approve}; stored with the decision.
     */
    public static final String VAR_EMERGENCY_COMMENT = "emergencyComment";

    /**
     * String, one of {@link CabVote}, local to one seat; counted into
     * {@code cabApprovals} and the other two counters.
     */
    public static final String VAR_CAB_VOTE = "cabVote";

    /**
     * String, local to one seat: the reason of a rejection or the question for the
     * requester, required with {@code reject} and {@code needs-info}, not asked (the form
     * hides it) with {@code approve}; stored with the vote.
     */
    public static final String VAR_CAB_COMMENT = "cabComment";

    /** String, the requester's answer; written to the audit trail. */
    public static final String VAR_INFORMATION = "information";

    /**
     * String, one of {@link BlackoutDecision}; after {@code postpone},
     * {@code ScheduleChangeDelegate} avoids soft blackouts too.
     */
    public static final String VAR_BLACKOUT_DECISION = "blackoutDecision";

    /** String, required; stored with the decision. */
    public static final String VAR_BLACKOUT_COMMENT = "blackoutComment";

    /**
     * String, one of {@link BackupResolution}; {@code ApplyBackupResolutionDelegate} acts
     * on it.
     */
    public static final String VAR_BACKUP_RESOLUTION = "backupResolution";

    /** String, required; stored with the decision. */
    public static final String VAR_BACKUP_COMMENT = "backupComment";

    /**
     * String, one of {@link GateDecision}; {@code ApplyGateDecisionDelegate} acts on it.
     */
    public static final String VAR_GATE_DECISION = "gateDecision";

    /** String, required; stored with the decision. */
    public static final String VAR_GATE_COMMENT = "gateComment";

    /** String, one of {@link RetrospectiveDecision}. */
    public static final String VAR_RETROSPECTIVE_DECISION = "retrospectiveDecision";

    /** String, required; stored with the decision. */
    public static final String VAR_RETROSPECTIVE_COMMENT = "retrospectiveComment";

    /** String, one of {@link ReviewConclusion}. */
    public static final String VAR_REVIEW_CONCLUSION = "reviewConclusion";

    /** String, required; stored with the decision. */
    public static final String VAR_REVIEW_FINDINGS = "reviewFindings";

    // --- who decided: RecordDecisionListener sets decidedBy(decisionVariable) on every
    // task but the CAB vote

    /** String, username. */
    @CodeOnly("information: who completed Task_ReviewTechnically")
    public static final String VAR_REVIEW_DECISION_BY = "reviewDecisionBy";

    /** String, username. */
    @CodeOnly("information: who completed Task_ApproveEmergency")
    public static final String VAR_EMERGENCY_DECISION_BY = "emergencyDecisionBy";

    /** String, username. */
    @CodeOnly("information: who completed Task_ProvideInformation")
    public static final String VAR_INFORMATION_BY = "informationBy";

    /** String, username. */
    @CodeOnly("information: who completed Task_ApproveBlackoutDeployment")
    public static final String VAR_BLACKOUT_DECISION_BY = "blackoutDecisionBy";

    /** String, username. */
    @CodeOnly("ApplyBackupResolutionDelegate records the waiver or the abort in this person's name")
    public static final String VAR_BACKUP_RESOLUTION_BY = "backupResolutionBy";

    /** String, username. */
    @CodeOnly("ApplyGateDecisionDelegate records the decision in this person's name")
    public static final String VAR_GATE_DECISION_BY = "gateDecisionBy";

    /** String, username. */
    @CodeOnly("information: who completed Task_ReviewRetrospectively")
    public static final String VAR_RETROSPECTIVE_DECISION_BY = "retrospectiveDecisionBy";

    /** String, username. */
    @CodeOnly("information: who completed Task_ReviewImplementation")
    public static final String VAR_REVIEW_CONCLUSION_BY = "reviewConclusionBy";

    // --- variables set by scheduling, backups, waves and verification ---

    /** String, ISO 8601 date-time in UTC; set by {@code ScheduleChangeDelegate}. */
    public static final String VAR_WINDOW_START = "windowStart";

    /**
     * Boolean: the slot found lies in a soft blackout; set by
     * {@code ScheduleChangeDelegate}.
     */
    public static final String VAR_IN_SOFT_BLACKOUT = "inSoftBlackout";

    /**
     * Boolean: no asset is {@code BACKUP_FAILED}; set by {@code EvaluateBackupsDelegate}.
     */
    public static final String VAR_BACKUPS_VERIFIED = "backupsVerified";

    /** Integer, the number of waves; set by {@code StartDeploymentDelegate}. */
    @CodeOnly("EvaluateWaveGateDelegate reads it")
    public static final String VAR_WAVE_COUNT = "waveCount";

    /**
     * Integer: 0 from {@code StartDeploymentDelegate}, + 1 by
     * {@code DispatchWaveDelegate}.
     */
    @CodeOnly("DispatchWaveDelegate and EvaluateWaveGateDelegate read it")
    public static final String VAR_CURRENT_WAVE = "currentWave";

    /** Boolean; set by {@code EvaluateWaveGateDelegate}. */
    public static final String VAR_GATE_PASSED = "gatePassed";

    /** Boolean; set by {@code EvaluateWaveGateDelegate}. */
    public static final String VAR_MORE_WAVES = "moreWaves";

    /**
     * String, ISO 8601 duration: the ring plan's bake time, {@code PT0S} for an
     * emergency; set by {@code EvaluateWaveGateDelegate}.
     */
    public static final String VAR_BAKE_TIME = "bakeTime";

    /**
     * Integer, the verification jobs queued; set by {@code RequestVerificationDelegate}.
     */
    public static final String VAR_VERIFICATION_JOBS = "verificationJobs";

    /**
     * Integer, assets in {@code INSTALL_FAILED} or {@code VERIFY_FAILED}; set by
     * {@code EvaluateVerificationDelegate}.
     */
    public static final String VAR_FAILED_ASSETS = "failedAssets";

    /**
     * Boolean: true from {@code ApplyGateDecisionDelegate} on {@code roll-back}, false
     * from {@code RequestVerificationDelegate}.
     */
    @CodeOnly("RequestRollbackDelegate rolls back the installed assets too when it is true")
    public static final String VAR_ROLLBACK_EVERYTHING = "rollbackEverything";

    // --- variables passed with Msg_CancelChange (ChangeProcessAdapter.cancel) ---

    /** String, the cancelling person's username. */
    @CodeOnly("RecordCancellationDelegate puts it in the outcome's reason")
    public static final String VAR_CANCELLED_BY = "cancelledBy";

    /** String, 1 to 500 characters. */
    @CodeOnly("RecordCancellationDelegate puts it in the outcome's reason")
    public static final String VAR_CANCEL_REASON = "cancelReason";

    // --- input parameters the delegates read (local to one step) ---

    /** A {@code Milestone} name; read by {@code AddTicketNoteDelegate}. */
    public static final String INPUT_MILESTONE = "milestone";

    /** The id of the overdue user task; read by {@code EscalateApprovalDelegate}. */
    public static final String INPUT_OVERDUE_TASK = "overdueTask";

    /**
     * The group the overdue task is offered to as well; read by
     * {@code EscalateApprovalDelegate}.
     */
    public static final String INPUT_ESCALATE_TO = "escalateTo";

    /** A {@code DeploymentPhase} name; read by {@code ExpireAgentJobsDelegate}. */
    public static final String INPUT_PHASE = "phase";

    // --- user task extension properties read by RecordDecisionListener ---

    public static final String PROP_DECISION_STEP = "decisionStep";

    public static final String PROP_DECISION_VARIABLE = "decisionVariable";

    public static final String PROP_DECISION_VALUES = "decisionValues";

    public static final String PROP_COMMENT_VARIABLE = "commentVariable";

    public static final String PROP_FOUR_EYES = "fourEyes";

    private PatchChange() {
    }

    /**
     * The variable RecordDecisionListener sets to the person who completed a task that
     * decides {@code decisionVariable}. The {@code VAR_..._BY} constants are its results
     * for the model's decision variables; ProcessContractTest checks that they are all
     * there.
     */
    public static String decidedBy(String decisionVariable) {
        return decisionVariable + "By";
    }

    // --- the values of people's decisions: each class holds the allowed values of one
    // variable -----

    /** {@link #VAR_REVIEW_DECISION}, Task_ReviewTechnically, form review-change. */
    public static final class ReviewDecision {

        public static final String APPROVE = "approve";

        public static final String REJECT = "reject";

        public static final String NEEDS_INFO = "needs-info";

        private ReviewDecision() {
        }

    }

    /** {@link #VAR_EMERGENCY_DECISION}, Task_ApproveEmergency, form approve-emergency. */
    public static final class EmergencyDecision {

        public static final String APPROVE = "approve";

        public static final String REJECT = "reject";

        public static final String NEEDS_INFO = "needs-info";

        private EmergencyDecision() {
        }

    }

    /**
     * {@link #VAR_CAB_VOTE}, Task_ApproveChange, form vote-on-change; the same words as
     * {@code CabTally}.
     */
    public static final class CabVote {

        public static final String APPROVE = "approve";

        public static final String REJECT = "reject";

        public static final String NEEDS_INFO = "needs-info";

        private CabVote() {
        }

    }

    /**
     * {@link #VAR_BLACKOUT_DECISION}, Task_ApproveBlackoutDeployment, form
     * approve-blackout.
     */
    public static final class BlackoutDecision {

        public static final String APPROVE = "approve";

        public static final String POSTPONE = "postpone";

        private BlackoutDecision() {
        }

    }

    /**
     * {@link #VAR_BACKUP_RESOLUTION}, Task_ResolveBackupFailure, form
     * resolve-backup-failure.
     */
    public static final class BackupResolution {

        public static final String RETRY = "retry";

        public static final String ABORT = "abort";

        public static final String WAIVE = "waive";

        private BackupResolution() {
        }

    }

    /** {@link #VAR_GATE_DECISION}, Task_DecideWaveGate, form decide-wave-gate. */
    public static final class GateDecision {

        public static final String CONTINUE = "continue";

        public static final String STOP = "stop";

        public static final String ROLL_BACK = "roll-back";

        private GateDecision() {
        }

    }

    /**
     * {@link #VAR_RETROSPECTIVE_DECISION}, Task_ReviewRetrospectively, form
     * review-emergency.
     */
    public static final class RetrospectiveDecision {

        public static final String ENDORSE = "endorse";

        public static final String NOT_ENDORSE = "not-endorse";

        private RetrospectiveDecision() {
        }

    }

    /**
     * {@link #VAR_REVIEW_CONCLUSION}, Task_ReviewImplementation, form
     * review-implementation.
     */
    public static final class ReviewConclusion {

        public static final String ACCEPTED = "accepted";

        public static final String FOLLOW_UP = "follow-up";

        private ReviewConclusion() {
        }

    }

}
