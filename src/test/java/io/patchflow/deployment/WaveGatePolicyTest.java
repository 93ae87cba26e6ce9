package io.patchflow.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WaveGatePolicyTest {

    @Test
    void waveExactlyAtTheThresholdPasses() {
        assertThat(WaveGatePolicy.passes(8, 10, 0.8)).isTrue();
        assertThat(WaveGatePolicy.passes(19, 20, 0.95)).isTrue();
    }

    @Test
    void waveJustBelowTheThresholdFails() {
        assertThat(WaveGatePolicy.passes(7, 10, 0.8)).isFalse();
        assertThat(WaveGatePolicy.passes(79, 100, 0.8)).isFalse();
    }

    @Test
    void waveAboveTheThresholdPasses() {
        assertThat(WaveGatePolicy.passes(9, 10, 0.8)).isTrue();
    }

    @Test
    void emptyWavePassesEvenTheStrictestGate() {
        // A wave with no assets has nothing that failed, so it must not halt the rollout
        // for a person.
        assertThat(WaveGatePolicy.successRate(0, 0)).isEqualTo(1.0);
        assertThat(WaveGatePolicy.passes(0, 0, 1.0)).isTrue();
    }

    @Test
    void successRateIsTheShareOfSucceededAssets() {
        assertThat(WaveGatePolicy.successRate(3, 4)).isEqualTo(0.75);
        assertThat(WaveGatePolicy.successRate(0, 5)).isEqualTo(0.0);
    }

    @Test
    void thresholdOfOneRequiresEveryAssetToSucceed() {
        assertThat(WaveGatePolicy.passes(10, 10, 1.0)).isTrue();
        assertThat(WaveGatePolicy.passes(9, 10, 1.0)).isFalse();
    }

    @Test
    void thresholdOfZeroLetsEvenAFullyFailedWaveThrough() {
        assertThat(WaveGatePolicy.passes(0, 10, 0.0)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(doubles = { -0.01, 1.01, 80, -1 })
    void thresholdOutsideZeroToOneIsRejected(double threshold) {
        assertThatThrownBy(() -> WaveGatePolicy.passes(5, 10, threshold)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("between 0 and 1");
    }

}
