package io.patchflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.patchflow.approval.ApprovalStep;

class BulkApprovalPolicyTest {

    @ParameterizedTest(name = "{0} of a {1} change at {2} risk: {3}")
    @CsvSource({ "TECHNICAL_REVIEW, NORMAL, LOW, true", "CAB_VOTE, NORMAL, LOW, true",
            "TECHNICAL_REVIEW, STANDARD, MEDIUM, true", "TECHNICAL_REVIEW, NORMAL, MEDIUM, false",
            "CAB_VOTE, NORMAL, HIGH, false", "EMERGENCY_APPROVAL, EMERGENCY, LOW, false",
            "BLACKOUT_APPROVAL, NORMAL, LOW, false", "BACKUP_RESOLUTION, STANDARD, LOW, false",
            "WAVE_GATE, STANDARD, LOW, false", "IMPLEMENTATION_REVIEW, NORMAL, LOW, false",
            "RETROSPECTIVE_REVIEW, EMERGENCY, LOW, false", ", NORMAL, LOW, false", "TECHNICAL_REVIEW, , , false" })
    void onlyReviewsAndCabVotesOfStandardOrLowRiskChanges(ApprovalStep step, String type, String risk,
            boolean eligible) {
        assertThat(BulkApprovalPolicy.eligible(step, type, risk)).isEqualTo(eligible);
        assertThat(BulkApprovalPolicy.refusal(step, type, risk).isPresent()).isNotEqualTo(eligible);
    }

}
