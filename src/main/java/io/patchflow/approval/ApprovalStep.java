package io.patchflow.approval;

/** The kinds of decision a person takes on a change. */
public enum ApprovalStep {

    PRE_APPROVAL, TECHNICAL_REVIEW, CAB_VOTE, EMERGENCY_APPROVAL, BLACKOUT_APPROVAL, BACKUP_RESOLUTION, WAVE_GATE,
    RETROSPECTIVE_REVIEW, IMPLEMENTATION_REVIEW

}
