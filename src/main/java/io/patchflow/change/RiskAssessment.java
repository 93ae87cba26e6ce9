package io.patchflow.change;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * The facts a change was assessed on and what the decision tables made of them. Kept for every
 * assessment round, so the change page can say why a change got its risk and route.
 */
public record RiskAssessment(OffsetDateTime assessedAt, Facts facts, Result result) {

    public record Facts(BigDecimal maxCvss, boolean knownExploited, String maxCriticality, boolean internetFacing,
                        String patchType, boolean rebootRequired, int assetCount, boolean emergencyRequested) {
    }

    public record Result(RiskLevel riskLevel, ChangeType changeType, boolean backupRequired, String reviewGroup,
                         String cabGroup, int cabSeats, int cabQuorum, String emergencyGroup, String approvalDeadline) {
    }
}
