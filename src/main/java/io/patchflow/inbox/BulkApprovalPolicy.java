package io.patchflow.inbox;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import io.patchflow.approval.ApprovalStep;
import io.patchflow.change.ChangeType;
import io.patchflow.change.RiskLevel;

/**
 * Which tasks may be approved in bulk (issue 13, ADR 0037): a technical review or a CAB
 * vote, of a change that is STANDARD or rated LOW. Never an emergency or blackout
 * approval, a backup resolution, a wave gate or a review after implementation: those
 * weigh something a list row does not show.
 */
public final class BulkApprovalPolicy {

    /** The decisions bulk approval may take: the ones whose answer is "approve". */
    public static final Set<ApprovalStep> STEPS = EnumSet.of(ApprovalStep.TECHNICAL_REVIEW, ApprovalStep.CAB_VOTE);

    private BulkApprovalPolicy() {
    }

    /**
     * Whether a task of this kind, of a change of this type and risk, may be approved in
     * bulk.
     */
    public static boolean eligible(ApprovalStep step, String changeType, String riskLevel) {
        return refusal(step, changeType, riskLevel).isEmpty();
    }

    /** Why a task may not be approved in bulk, or empty if it may. */
    public static Optional<String> refusal(ApprovalStep step, String changeType, String riskLevel) {
        if (step == null || !STEPS.contains(step)) {
            return Optional.of("only technical reviews and CAB votes are approved in bulk; open the task to decide it");
        }
        if (!ChangeType.STANDARD.name().equals(changeType) && !RiskLevel.LOW.name().equals(riskLevel)) {
            return Optional.of("only standard or low-risk changes are approved in bulk; this one is "
                    + (changeType == null ? "not classified" : changeType) + " with risk "
                    + (riskLevel == null ? "not assessed" : riskLevel) + "; open the task to decide it");
        }
        return Optional.empty();
    }

}
