package io.patchflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class OutboxPolicyTest {

    private static final Duration INITIAL = Duration.ofSeconds(30);

    private static final Duration CAP = Duration.ofHours(1);

    @Test
    void theWaitDoublesAfterEachFailureFromTheInitialWait() {
        assertThat(IntStream.rangeClosed(1, 5).mapToObj(n -> OutboxPolicy.backoff(n, INITIAL, CAP))).containsExactly(
                Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(8));
    }

    @Test
    void theWaitNeverGrowsPastTheCapHoweverLongTheServerIsDown() {
        assertThat(OutboxPolicy.backoff(8, INITIAL, CAP)).isEqualTo(CAP);
        assertThat(OutboxPolicy.backoff(1_000_000, INITIAL, CAP)).isEqualTo(CAP);
        assertThat(OutboxPolicy.backoff(Integer.MAX_VALUE, INITIAL, CAP)).isEqualTo(CAP);
    }

    @Test
    void aFirstWaitLongerThanTheCapIsTheCap() {
        assertThat(OutboxPolicy.backoff(1, Duration.ofHours(2), CAP)).isEqualTo(CAP);
    }

    @Test
    void theDigestGoesOutTodayAtItsHourIfThatIsAheadElseTomorrow() {
        ZoneId vienna = ZoneId.of("Europe/Vienna");
        assertThat(OutboxPolicy.nextDigest(Instant.parse("2025-03-10T05:59:00Z"), 7, vienna))
            .isEqualTo(Instant.parse("2025-03-10T06:00:00Z"));
        assertThat(OutboxPolicy.nextDigest(Instant.parse("2025-03-10T06:00:00Z"), 7, vienna))
            .isEqualTo(Instant.parse("2025-03-11T06:00:00Z"));
        // the night summer time begins: 07:00 local is 05:00 UTC
        assertThat(OutboxPolicy.nextDigest(Instant.parse("2025-03-30T01:00:00Z"), 7, vienna))
            .isEqualTo(Instant.parse("2025-03-30T05:00:00Z"));
    }

    @Test
    void aSubjectIsOneLineSoATitleCannotAddAHeader() {
        assertThat(Outbox.subject("Patch\r\nBcc: everyone@example.com")).isEqualTo("Patch Bcc: everyone@example.com");
        assertThat(Outbox.subject("x".repeat(400))).hasSize(300).endsWith("...");
    }

}
