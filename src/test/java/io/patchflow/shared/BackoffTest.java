package io.patchflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration INITIAL = Duration.ofSeconds(30);

    private static final Duration CAP = Duration.ofHours(1);

    @Test
    void theWaitDoublesAfterEachFailureFromTheInitialWait() {
        assertThat(IntStream.rangeClosed(1, 5).mapToObj(n -> Backoff.exponential(n, INITIAL, CAP))).containsExactly(
                Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(8));
    }

    @Test
    void theWaitNeverGrowsPastTheCapHoweverLongTheServerIsDown() {
        assertThat(Backoff.exponential(8, INITIAL, CAP)).isEqualTo(CAP);
        assertThat(Backoff.exponential(1_000_000, INITIAL, CAP)).isEqualTo(CAP);
        assertThat(Backoff.exponential(Integer.MAX_VALUE, INITIAL, CAP)).isEqualTo(CAP);
    }

    @Test
    void aFirstWaitLongerThanTheCapIsTheCap() {
        assertThat(Backoff.exponential(1, Duration.ofHours(2), CAP)).isEqualTo(CAP);
    }

    @Test
    void aServersRetryAfterIsHonouredWhenItIsLongerThanTheBackoff() {
        assertThat(Backoff.honouring(Duration.ofMinutes(1), Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(10));
        assertThat(Backoff.honouring(Duration.ofMinutes(1), Duration.ofSeconds(1))).isEqualTo(Duration.ofMinutes(1));
        assertThat(Backoff.honouring(Duration.ofMinutes(1), null)).isEqualTo(Duration.ofMinutes(1));
    }

}
