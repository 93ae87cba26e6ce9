package io.patchflow.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.patchflow.deployment.AssetState;

/** The reason an outcome gives, as it reaches a ticket: counts in words. */
class OutcomeReasonTest {

    @Test
    void theAssetsAreCountedInWordsInTheOrderTheyProgress() {
        assertThat(ChangeReview
            .inWords(Map.of(AssetState.ROLLED_BACK, 1, AssetState.SUCCEEDED, 2, AssetState.INSTALL_FAILED, 0)))
            .isEqualTo("assets: 2 succeeded, 1 rolled back");
        assertThat(ChangeReview.inWords(Map.of())).isEqualTo("assets: none");
    }

}
