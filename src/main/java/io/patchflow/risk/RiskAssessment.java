package io.patchflow.risk;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import io.patchflow.change.ChangeType;
import io.patchflow.change.RiskLevel;

/**
 * The facts a change was assessed on, what the decision tables made of them, and every
 * rule that fired on the way. Kept for every assessment round, so the change page can say
 * why a change got its risk, route and deadline: each factor's points, and the rule that
 * decided each outcome.
 */
public record RiskAssessment(OffsetDateTime assessedAt, Facts facts, Result result, List<Rule> rules) {

    public RiskAssessment {
        rules = List.copyOf(rules);
    }

    /**
     * @param maxCvss highest CVSS base score of the change's CVEs (NVD v3.1, else v4.0,
     * else the catalog's)
     * @param kevDueDate the soonest CISA KEV due date among the change's CVEs
     * @param maxEpss highest EPSS probability (0..1) among the change's CVEs
     * @param minDowntimeTolerance lowest downtime tolerance among the assets, null if
     * none is recorded
     * @param pastFailureRate share of earlier installs of these patches that failed; null
     * below enough outcomes
     * @param standardTemplate name of the customer's first standard change template the
     * change fits, or null
     */
    public record Facts(BigDecimal maxCvss, boolean knownExploited, String maxCriticality, boolean internetFacing,
            String patchType, boolean rebootRequired, int assetCount, boolean emergencyRequested,
            boolean knownRansomware, LocalDate kevDueDate, BigDecimal maxEpss, String minDowntimeTolerance,
            BigDecimal pastFailureRate, int pastOutcomes, String standardTemplate, boolean backupAllChanges) {
    }

    public record Result(int riskScore, RiskLevel riskLevel, ChangeType changeType, boolean backupRequired,
            String reviewGroup, String cabGroup, int cabSeats, int cabQuorum, String emergencyGroup,
            String approvalDeadline, String slaBand, Instant slaDueAt, String slaBasis) {

        private static final java.time.format.DateTimeFormatter UTC = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(java.time.ZoneOffset.UTC);

        public String slaDueText() {
            return slaDueAt == null ? null : UTC.format(slaDueAt);
        }

        public boolean slaOverdue() {
            return slaDueAt != null && slaDueAt.isBefore(Instant.now());
        }
    }

    /**
     * One rule that fired: in the risk-score table each is a factor with its points; in
     * the other tables, the rule that decided the outcome.
     */
    public record Rule(String decisionKey, String decisionName, String ruleId, String description, Integer points,
            String outputs) {
    }

    /** The factors that added to the score, in table order. */
    public List<Rule> scoreFactors() {
        return rules.stream().filter(r -> r.points() != null).toList();
    }

    /** The deciding rule of every other table. */
    public List<Rule> decidingRules() {
        return rules.stream().filter(r -> r.points() == null).toList();
    }
}
