package io.patchflow.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.patchflow.change.ChangeOutcome;
import io.patchflow.deployment.AssetState;

class OutcomePolicyTest {

    @Test
    void changeWhoseAssetsAllSucceededIsSuccessful() {
        assertThat(OutcomePolicy.outcome(Map.of(AssetState.SUCCEEDED, 5))).isEqualTo(ChangeOutcome.SUCCESSFUL);
    }

    @Test
    void changeWithSomeSucceededAndSomeRolledBackAssetsIsPartiallySuccessful() {
        assertThat(OutcomePolicy.outcome(Map.of(AssetState.SUCCEEDED, 3, AssetState.ROLLED_BACK, 2)))
            .isEqualTo(ChangeOutcome.PARTIALLY_SUCCESSFUL);
    }

    @Test
    void singleFailedAssetAmongManySucceededOnesMakesTheChangeOnlyPartiallySuccessful() {
        assertThat(OutcomePolicy.outcome(Map.of(AssetState.SUCCEEDED, 99, AssetState.ROLLBACK_FAILED, 1)))
            .isEqualTo(ChangeOutcome.PARTIALLY_SUCCESSFUL);
    }

    @Test
    void cancelledAssetsKeepAChangeFromCountingAsFullySuccessful() {
        assertThat(OutcomePolicy.outcome(Map.of(AssetState.SUCCEEDED, 2, AssetState.CANCELLED, 1)))
            .isEqualTo(ChangeOutcome.PARTIALLY_SUCCESSFUL);
    }

    @Test
    void changeWithNoSucceededAssetIsRolledBack() {
        assertThat(OutcomePolicy.outcome(Map.of(AssetState.ROLLED_BACK, 2, AssetState.ROLLBACK_FAILED, 1)))
            .isEqualTo(ChangeOutcome.ROLLED_BACK);
    }

    @Test
    void explicitZeroSucceededCountsAsNoneSucceeded() {
        assertThat(OutcomePolicy.outcome(Map.of(AssetState.SUCCEEDED, 0, AssetState.ROLLED_BACK, 3)))
            .isEqualTo(ChangeOutcome.ROLLED_BACK);
    }

    @Test
    void changeWithoutAnyAssetStateIsNotReportedAsSuccessful() {
        // Zero of zero succeeded must not read as "all succeeded".
        assertThat(OutcomePolicy.outcome(Map.of())).isEqualTo(ChangeOutcome.ROLLED_BACK);
    }

}
