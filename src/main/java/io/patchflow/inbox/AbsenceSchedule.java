package io.patchflow.inbox;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Hands over the tasks of people whose absence has begun (ADR 0039), a fixed delay after
 * the previous run. Every node may run it: a task already moved is left alone, and two
 * nodes moving the same task meet the engine's optimistic lock. Off with
 * {@code patchflow.inbox.absence-sweep-enabled=false} (the tests call the sweep by hand).
 */
@Configuration
@EnableScheduling
@ConditionalOnProperty(name = "patchflow.inbox.absence-sweep-enabled", havingValue = "true", matchIfMissing = true)
class AbsenceSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(AbsenceSchedule.class);

    private final Absences absences;

    AbsenceSchedule(Absences absences) {
        this.absences = absences;
    }

    @Scheduled(fixedDelayString = "${patchflow.inbox.absence-sweep-interval:PT1M}", initialDelayString = "PT20S")
    void sweep() {
        try {
            absences.sweep(Instant.now());
        }
        catch (RuntimeException e) {
            // the database may be away for a moment; the next run tries again
            LOG.warn("Absence sweep failed: {}", e.toString());
        }
    }

}
