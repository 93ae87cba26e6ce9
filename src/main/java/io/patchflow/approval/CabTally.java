package io.patchflow.approval;

import java.util.List;

/**
 * Votes of one CAB round. The round is decided when the approvals reach the quorum, when
 * so many members rejected that the quorum can no longer be reached, or when anyone asks
 * for information.
 */
public record CabTally(int approvals, int rejections, int infoRequests) {

    public static final String APPROVE = "approve";

    public static final String REJECT = "reject";

    public static final String NEEDS_INFO = "needs-info";

    public static CabTally of(List<ApprovalRecord> votes) {
        int approve = 0;
        int reject = 0;
        int info = 0;
        for (ApprovalRecord vote : votes) {
            switch (vote.decision()) {
                case APPROVE -> approve++;
                case REJECT -> reject++;
                case NEEDS_INFO -> info++;
                default -> throw new IllegalArgumentException("unknown vote " + vote.decision());
            }
        }
        return new CabTally(approve, reject, info);
    }

    public boolean approved(int quorum) {
        return approvals >= quorum && infoRequests == 0;
    }

    public boolean decided(int seats, int quorum) {
        return approvals >= quorum || rejections > seats - quorum || infoRequests > 0;
    }

    /**
     * The board's decision: needs-info wins over everything, then quorum, else rejected.
     */
    public String outcome(int quorum) {
        if (infoRequests > 0) {
            return NEEDS_INFO;
        }
        return approvals >= quorum ? APPROVE : REJECT;
    }
}
