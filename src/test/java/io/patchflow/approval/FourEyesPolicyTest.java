package io.patchflow.approval;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import io.patchflow.shared.ForbiddenException;

class FourEyesPolicyTest {

    @Test
    void requesterCannotApproveOwnChange() {
        assertThatThrownBy(() -> FourEyesPolicy.check("alice", "alice", List.of()))
            .isInstanceOf(ForbiddenException.class)
            .hasMessageContaining("alice requested this change and cannot approve it");
    }

    @Test
    void requesterIsRefusedEvenWhenNobodyElseHasVotedYet() {
        // The requester check must not depend on the round: a first CAB seat is no
        // loophole.
        assertThatThrownBy(() -> FourEyesPolicy.check("alice", "alice", List.of("bob", "carol")))
            .isInstanceOf(ForbiddenException.class)
            .hasMessageContaining("alice requested this change");
    }

    @Test
    void memberWhoAlreadyVotedThisRoundCannotFillASecondSeat() {
        assertThatThrownBy(() -> FourEyesPolicy.check("alice", "bob", List.of("carol", "bob")))
            .isInstanceOf(ForbiddenException.class)
            .hasMessageContaining("bob has already voted in this approval round");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { " ", "\t" })
    void decisionWithoutASignedInPersonIsRefused(String decider) {
        assertThatThrownBy(() -> FourEyesPolicy.check("alice", decider, List.of()))
            .isInstanceOf(ForbiddenException.class)
            .hasMessageContaining("signed-in person");
    }

    @Test
    void missingDeciderIsRefusedEvenWhenTheRequesterIsUnknown() {
        // A null requester must not turn "null equals null" into a free pass or a
        // NullPointerException.
        assertThatThrownBy(() -> FourEyesPolicy.check(null, null, List.of())).isInstanceOf(ForbiddenException.class)
            .hasMessageContaining("signed-in person");
    }

    @Test
    void anotherApproverWhoHasNotVotedIsAllowed() {
        assertThatCode(() -> FourEyesPolicy.check("alice", "bob", List.of("carol"))).doesNotThrowAnyException();
    }

    @Test
    void firstApproverOfARoundIsAllowed() {
        assertThatCode(() -> FourEyesPolicy.check("alice", "bob", List.of())).doesNotThrowAnyException();
    }

}
