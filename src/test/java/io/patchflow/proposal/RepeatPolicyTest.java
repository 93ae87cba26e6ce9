package io.patchflow.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import io.patchflow.deployment.AssetState;
import io.patchflow.proposal.RepeatPolicy.History;
import io.patchflow.proposal.RepeatPolicy.Verdict;

/** Whether a pending update is proposed, from its history on its asset (ADR 0030). */
class RepeatPolicyTest {

    private static final Instant INSTALLED_AT = Instant.parse("2026-03-10T10:00:00Z");

    private static final Instant BEFORE = INSTALLED_AT.minusSeconds(60);

    private static final Instant AFTER = INSTALLED_AT.plusSeconds(60);

    @Test
    void anUpdateNothingHeldYetIsProposed() {
        assertThat(RepeatPolicy.verdict(new History(false, false, null, null, AFTER))).isEqualTo(Verdict.NEW);
        assertThat(Verdict.NEW.proposed).isTrue();
    }

    @Test
    void anOpenOrDismissedProposalKeepsItFromBeingProposedAgain() {
        assertThat(RepeatPolicy.verdict(new History(true, false, null, null, AFTER))).isEqualTo(Verdict.PROPOSED);
        assertThat(RepeatPolicy.verdict(new History(true, false, AssetState.ROLLED_BACK, INSTALLED_AT, AFTER)))
            .as("a dismissal stands after a later change failed")
            .isEqualTo(Verdict.PROPOSED);
    }

    @Test
    void aChangeThatIsNotClosedIsInstallingIt() {
        assertThat(RepeatPolicy.verdict(new History(false, true, null, null, AFTER))).isEqualTo(Verdict.UNDER_WAY);
        assertThat(RepeatPolicy.verdict(new History(false, true, AssetState.SUCCEEDED, INSTALLED_AT, AFTER)))
            .isEqualTo(Verdict.UNDER_WAY);
    }

    @ParameterizedTest
    @EnumSource(value = AssetState.class, names = { "INSTALLED", "VERIFYING", "SUCCEEDED" })
    void anUpdateTheLastChangeInstalledIsNotProposedAgain(AssetState state) {
        assertThat(RepeatPolicy.verdict(new History(false, false, state, INSTALLED_AT, BEFORE)))
            .isEqualTo(Verdict.INSTALLED);
        assertThat(RepeatPolicy.verdict(new History(false, false, state, INSTALLED_AT, null)))
            .isEqualTo(Verdict.INSTALLED);
        assertThat(Verdict.INSTALLED.proposed).isFalse();
    }

    @Test
    void anUpdateReportedPendingAfterItsInstallFlagsTheAssetAndIsNotProposed() {
        assertThat(RepeatPolicy.verdict(new History(false, false, AssetState.SUCCEEDED, INSTALLED_AT, AFTER)))
            .isEqualTo(Verdict.STILL_PENDING);
        assertThat(RepeatPolicy.verdict(new History(true, false, AssetState.SUCCEEDED, INSTALLED_AT, AFTER)))
            .as("an open proposal does not hide the flag")
            .isEqualTo(Verdict.STILL_PENDING);
        assertThat(Verdict.STILL_PENDING.proposed).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = AssetState.class, names = { "INSTALLED", "VERIFYING", "SUCCEEDED" },
            mode = EnumSource.Mode.EXCLUDE)
    void anUpdateTheLastChangeDidNotInstallIsProposedAgainForAPerson(AssetState state) {
        assertThat(RepeatPolicy.verdict(new History(false, false, state, INSTALLED_AT, AFTER)))
            .isEqualTo(Verdict.AGAIN);
        assertThat(Verdict.AGAIN.proposed).isTrue();
    }

    @Test
    void exactlyTheInstalledStatesCountAsInstalled() {
        EnumSet<AssetState> installed = EnumSet.noneOf(AssetState.class);
        for (AssetState state : AssetState.values()) {
            if (state.installed()) {
                installed.add(state);
            }
        }
        assertThat(installed).containsExactlyInAnyOrder(AssetState.INSTALLED, AssetState.VERIFYING,
                AssetState.SUCCEEDED);
    }

}
