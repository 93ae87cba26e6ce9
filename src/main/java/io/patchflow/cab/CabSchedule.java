package io.patchflow.cab;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Freezes the agendas of meetings whose cut-off has come (ADR 0040), a fixed delay after
 * the previous run. Every node may run it: a meeting is marked frozen by one update that
 * only a planned meeting passes, and a change's round is on one agenda at most (a unique
 * key). Off with {@code patchflow.cab.freeze-sweep-enabled=false} (the tests call the
 * sweep by hand, with the time they choose).
 */
@Configuration
@EnableScheduling
@ConditionalOnProperty(name = "patchflow.cab.freeze-sweep-enabled", havingValue = "true", matchIfMissing = true)
class CabSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(CabSchedule.class);

    private final CabMeetings meetings;

    CabSchedule(CabMeetings meetings) {
        this.meetings = meetings;
    }

    @Scheduled(fixedDelayString = "${patchflow.cab.freeze-sweep-interval:PT1M}", initialDelayString = "PT25S")
    void freeze() {
        try {
            meetings.freezeDue(Instant.now());
        }
        catch (RuntimeException e) {
            // the database may be away for a moment; the next run tries again
            LOG.warn("CAB agenda sweep failed: {}", e.toString());
        }
    }

}
