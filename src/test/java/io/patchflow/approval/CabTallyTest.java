package io.patchflow.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CabTallyTest {

    // The board routed for high-risk changes: two of three members must approve.
    private static final int SEATS = 3;

    private static final int QUORUM = 2;

    private static CabTally tally(String... decisions) {
        List<ApprovalRecord> votes = Arrays.stream(decisions)
            .map(d -> new ApprovalRecord(1, ApprovalStep.CAB_VOTE, "member", d, null, OffsetDateTime.now()))
            .toList();
        return CabTally.of(votes);
    }

    @Test
    void votesAreCountedByKind() {
        assertThat(tally("approve", "reject", "needs-info", "approve")).isEqualTo(new CabTally(2, 1, 1));
    }

    @Test
    void roundWithoutVotesIsNotDecided() {
        CabTally tally = tally();

        assertThat(tally).isEqualTo(new CabTally(0, 0, 0));
        assertThat(tally.decided(SEATS, QUORUM)).isFalse();
        assertThat(tally.approved(QUORUM)).isFalse();
    }

    @Test
    void oneApprovalOfTwoNeededLeavesTheRoundOpen() {
        CabTally tally = tally("approve");

        assertThat(tally.decided(SEATS, QUORUM)).isFalse();
        assertThat(tally.approved(QUORUM)).isFalse();
    }

    @Test
    void twoApprovalsReachTheQuorumAndApprove() {
        CabTally tally = tally("approve", "approve");

        assertThat(tally.decided(SEATS, QUORUM)).isTrue();
        assertThat(tally.approved(QUORUM)).isTrue();
        assertThat(tally.outcome(QUORUM)).isEqualTo(CabTally.APPROVE);
    }

    @Test
    void twoRejectionsOfThreeSeatsMakeTheQuorumUnreachableAndReject() {
        // With two of three seats rejecting, the last seat cannot bring approvals up to
        // two.
        CabTally tally = tally("reject", "reject");

        assertThat(tally.decided(SEATS, QUORUM)).isTrue();
        assertThat(tally.approved(QUORUM)).isFalse();
        assertThat(tally.outcome(QUORUM)).isEqualTo(CabTally.REJECT);
    }

    @Test
    void oneRejectionAloneKeepsTheRoundOpenWhileTheQuorumIsStillReachable() {
        assertThat(tally("reject").decided(SEATS, QUORUM)).isFalse();
    }

    @Test
    void oneRejectionAndOneApprovalWaitForTheThirdSeat() {
        CabTally tally = tally("reject", "approve");

        assertThat(tally.decided(SEATS, QUORUM)).isFalse();
        assertThat(tally.approved(QUORUM)).isFalse();
    }

    @Test
    void thirdSeatBreaksATieEitherWay() {
        assertThat(tally("reject", "approve", "approve").outcome(QUORUM)).isEqualTo(CabTally.APPROVE);
        assertThat(tally("reject", "approve", "reject").outcome(QUORUM)).isEqualTo(CabTally.REJECT);
        assertThat(tally("reject", "approve", "reject").decided(SEATS, QUORUM)).isTrue();
    }

    @Test
    void singleRejectionDecidesABoardWithOneSeat() {
        CabTally tally = tally("reject");

        assertThat(tally.decided(1, 1)).isTrue();
        assertThat(tally.outcome(1)).isEqualTo(CabTally.REJECT);
    }

    @Test
    void oneApprovalDecidesABoardOfTwoWithQuorumOne() {
        CabTally tally = tally("approve");

        assertThat(tally.decided(2, 1)).isTrue();
        assertThat(tally.outcome(1)).isEqualTo(CabTally.APPROVE);
    }

    @Test
    void anyRequestForInformationDecidesTheRoundAsNeedsInfo() {
        CabTally tally = tally("needs-info");

        assertThat(tally.decided(SEATS, QUORUM)).isTrue();
        assertThat(tally.approved(QUORUM)).isFalse();
        assertThat(tally.outcome(QUORUM)).isEqualTo(CabTally.NEEDS_INFO);
    }

    @Test
    void requestForInformationWinsOverAReachedQuorum() {
        // Approving while a member still has open questions would let the change through
        // unanswered.
        CabTally tally = tally("approve", "needs-info", "approve");

        assertThat(tally.approved(QUORUM)).isFalse();
        assertThat(tally.outcome(QUORUM)).isEqualTo(CabTally.NEEDS_INFO);
    }

    @ParameterizedTest
    @ValueSource(strings = { "abstain", "APPROVE", "", "approved" })
    void unknownVoteValueIsRejected(String decision) {
        assertThatThrownBy(() -> tally("approve", decision)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("unknown vote " + decision);
    }

}
