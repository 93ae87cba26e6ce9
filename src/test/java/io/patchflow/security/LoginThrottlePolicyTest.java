package io.patchflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.patchflow.security.LoginThrottlePolicy.Counter;
import io.patchflow.security.LoginThrottlePolicy.Limits;

class LoginThrottlePolicyTest {

    static final Limits LIMITS = new Limits(3, 6, Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofSeconds(1),
            Duration.ofSeconds(10));
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void theFirstFailuresCostNothing() {
        Counter counter = fail(null, T0, 2);
        assertThat(LoginThrottlePolicy.refusedUntil(counter, LIMITS, T0)).isEmpty();
    }

    @Test
    void fromTheThirdFailureEachAttemptWaitsTwiceAsLongAsTheLast() {
        Counter three = fail(null, T0, 3);
        assertThat(LoginThrottlePolicy.refusedUntil(three, LIMITS, T0)).contains(T0.plusSeconds(1));
        assertThat(LoginThrottlePolicy.refusedUntil(three, LIMITS, T0.plusSeconds(1))).isEmpty();
        Counter four = LoginThrottlePolicy.afterFailure(three, LIMITS, T0.plusSeconds(1));
        assertThat(LoginThrottlePolicy.refusedUntil(four, LIMITS, T0.plusSeconds(2))).contains(T0.plusSeconds(3));
        assertThat(LoginThrottlePolicy.delay(5, LIMITS)).isEqualTo(Duration.ofSeconds(4));
        assertThat(LoginThrottlePolicy.delay(30, LIMITS)).as("capped").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theSixthFailureLocksForFifteenMinutesWhateverComesNext() {
        Counter five = fail(null, T0, 5);
        Counter six = LoginThrottlePolicy.afterFailure(five, LIMITS, T0.plusSeconds(30));
        assertThat(six.lockedUntil()).isEqualTo(T0.plusSeconds(30).plus(Duration.ofMinutes(15)));
        assertThat(LoginThrottlePolicy.lockBegan(five, six, T0.plusSeconds(30))).isTrue();
        assertThat(LoginThrottlePolicy.refusedUntil(six, LIMITS, T0.plus(Duration.ofMinutes(10))))
            .contains(six.lockedUntil());

        Counter seven = LoginThrottlePolicy.afterFailure(six, LIMITS, T0.plus(Duration.ofMinutes(1)));
        assertThat(seven.lockedUntil()).as("a failure during the lock does not extend it").isEqualTo(six.lockedUntil());
        assertThat(LoginThrottlePolicy.lockBegan(six, seven, T0.plus(Duration.ofMinutes(1)))).isFalse();
    }

    @Test
    void afterTheLockAndTheWindowTheCountStartsAgain() {
        Counter locked = fail(null, T0, 6);
        Instant later = locked.lockedUntil().plus(Duration.ofMinutes(16));
        assertThat(LoginThrottlePolicy.refusedUntil(locked, LIMITS, later)).isEmpty();
        assertThat(LoginThrottlePolicy.afterFailure(locked, LIMITS, later).failures()).isEqualTo(1);
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        Counter two = fail(null, T0, 2);
        assertThat(LoginThrottlePolicy.afterFailure(two, LIMITS, T0.plus(Duration.ofMinutes(16))).failures())
            .isEqualTo(1);
        assertThat(LoginThrottlePolicy.afterFailure(two, LIMITS, T0.plus(Duration.ofMinutes(14))).failures())
            .isEqualTo(3);
    }

    @Test
    void nonsenseLimitsAreRefusedAtStartUp() {
        assertThatThrownBy(
                () -> new Limits(5, 3, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ZERO, Duration.ZERO))
            .hasMessageContaining("slow-after <= lock-after");
        assertThatThrownBy(() -> new Limits(1, 3, Duration.ZERO, Duration.ofMinutes(1), Duration.ZERO, Duration.ZERO))
            .hasMessageContaining("positive");
    }

    /** n failures at the same moment. */
    private static Counter fail(Counter counter, Instant t, int n) {
        Counter current = counter;
        for (int i = 0; i < n; i++) {
            current = LoginThrottlePolicy.afterFailure(current, LIMITS, t);
        }
        return current;
    }

}
