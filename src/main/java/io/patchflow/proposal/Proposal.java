package io.patchflow.proposal;

import java.time.Instant;

/**
 * A change Patchflow proposes: the new applicable patches of one customer's assets in one
 * ring and maintenance window, with what the risk tables estimate for it and its SLA
 * deadline.
 *
 * @param detectedAt when the earliest of its patches was first reported pending: the SLA
 * clock's start
 * @param changeId the change it became, once accepted or started
 * @param proposedAgain an earlier change held its updates on its assets and did not
 * install them: a person decides, even if it fits a standard template (ADR 0030)
 */
public record Proposal(long id, String customerId, int ring, Long windowId, String windowName, String title,
        ProposalStatus status, Instant detectedAt, int riskScore, String riskLevel, String changeType,
        String standardTemplate, String slaBand, Instant slaDueAt, String slaBasis, String explanation, Long changeId,
        String decidedBy, Instant decidedAt, String reason, Instant createdAt, int assetCount, int patchCount,
        boolean proposedAgain) {

    private static final java.time.format.DateTimeFormatter UTC = java.time.format.DateTimeFormatter
        .ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .withZone(java.time.ZoneOffset.UTC);

    public String slaDueText() {
        return UTC.format(slaDueAt);
    }

    public boolean overdue() {
        return status == ProposalStatus.OPEN && slaDueAt.isBefore(Instant.now());
    }

    /**
     * Started without anyone's acceptance: it fits one of the customer's standard change
     * templates, and no earlier change held its updates there without installing them.
     */
    public boolean startsByItself() {
        return "STANDARD".equals(changeType) && standardTemplate != null && !proposedAgain;
    }
}
