package io.patchflow.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavePlanTest {

    @ParameterizedTest(name = "{1}% of {0} assets: {2} pilot(s)")
    @CsvSource({ "1, 10, 1", "2, 10, 1", "10, 10, 1", "11, 10, 2", "2000, 10, 200", "3, 100, 2", "20, 5, 1",
            "20, 50, 10" })
    void thePilotWaveIsTheShareRoundedUpButNeverEverything(int total, int share, int pilots) {
        assertThat(WavePlan.pilotCount(total, share)).isEqualTo(pilots);
    }

}
