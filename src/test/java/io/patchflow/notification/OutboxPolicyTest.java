package io.patchflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class OutboxPolicyTest {

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
