package io.patchflow.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.patchflow.change.ChangeType;
import io.patchflow.change.RiskLevel;
import io.patchflow.risk.ImpactReport.Field;

/**
 * Which outcomes two evaluations of one change decide differently, as a person reads
 * them.
 */
class ImpactDiffTest {

    static final Instant DUE = Instant.parse("2026-02-04T08:00:00Z");

    static final RiskAssessment.Result NORMAL_MEDIUM = new RiskAssessment.Result(20, RiskLevel.MEDIUM,
            ChangeType.NORMAL, false, "approver", "approver", 2, 1, null, "P2D", "MEDIUM", DUE, "policy: 30 days");

    @Test
    void theSameOutcomesWithAnotherScoreAreNoDifference() {
        RiskAssessment.Result rescored = new RiskAssessment.Result(45, RiskLevel.MEDIUM, ChangeType.NORMAL, false,
                "approver", "approver", 2, 1, null, "P2D", "MEDIUM", DUE, "policy: 30 days");

        assertThat(ImpactDiff.between(NORMAL_MEDIUM, rescored)).isEmpty();
    }

    @Test
    void everyOutcomeThatDiffersIsListedOldBesideNewInTheReportsOrder() {
        RiskAssessment.Result emergency = new RiskAssessment.Result(95, RiskLevel.CRITICAL, ChangeType.EMERGENCY, true,
                null, null, 0, 0, "change-manager", "PT2H", "KNOWN_EXPLOITED", Instant.parse("2026-01-07T08:00:00Z"),
                "policy: 48 hours");

        assertThat(ImpactDiff.between(NORMAL_MEDIUM, emergency))
            .extracting(c -> tuple(c.field(), c.before(), c.after()))
            .containsExactly(tuple(Field.RISK_LEVEL, "MEDIUM", "CRITICAL"),
                    tuple(Field.CHANGE_TYPE, "NORMAL", "EMERGENCY"),
                    tuple(Field.APPROVERS, "review: approver; CAB: approver, 1 of 2 seats",
                            "emergency: change-manager"),
                    tuple(Field.APPROVAL_DEADLINE, "P2D", "PT2H"),
                    tuple(Field.BACKUP_REQUIRED, "not required", "required"), tuple(Field.SLA_DEADLINE,
                            "MEDIUM, due 2026-02-04 08:00 UTC", "KNOWN_EXPLOITED, due 2026-01-07 08:00 UTC"));
    }

    @Test
    void aDifferentQuorumAloneIsADifferenceInTheApprovers() {
        RiskAssessment.Result twoVotes = new RiskAssessment.Result(20, RiskLevel.MEDIUM, ChangeType.NORMAL, false,
                "approver", "approver", 2, 2, null, "P2D", "MEDIUM", DUE, "policy: 30 days");

        assertThat(ImpactDiff.between(NORMAL_MEDIUM, twoVotes)).singleElement()
            .satisfies(c -> assertThat(c.field()).isEqualTo(Field.APPROVERS))
            .satisfies(c -> assertThat(c.after()).isEqualTo("review: approver; CAB: approver, 2 of 2 seats"));
    }

    @Test
    void theSameBandWithAnotherDeadlineIsADifferenceInTheSlaDeadline() {
        RiskAssessment.Result sooner = new RiskAssessment.Result(20, RiskLevel.MEDIUM, ChangeType.NORMAL, false,
                "approver", "approver", 2, 1, null, "P2D", "MEDIUM", DUE.minusSeconds(3600), "policy: 30 days");

        assertThat(ImpactDiff.between(NORMAL_MEDIUM, sooner)).extracting(c -> tuple(c.field(), c.before(), c.after()))
            .containsExactly(
                    tuple(Field.SLA_DEADLINE, "MEDIUM, due 2026-02-04 08:00 UTC", "MEDIUM, due 2026-02-04 07:00 UTC"));
    }

    @Test
    void aPreApprovedChangeHasNoApprovers() {
        RiskAssessment.Result standard = new RiskAssessment.Result(0, RiskLevel.LOW, ChangeType.STANDARD, false, null,
                null, 0, 0, null, "P1D", "LOW", DUE, "policy");

        assertThat(ImpactDiff.approversText(standard)).isEqualTo("none");
    }

}
