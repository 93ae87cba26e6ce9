package io.patchflow.ticketing;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Delivers the ticket notes on this node, with a fixed delay after the previous run
 * ended. Every node may run it: a note is claimed before it is posted. Off with
 * {@code patchflow.ticketing.scheduler-enabled=false} (the tests call the sender by
 * hand).
 */
@Configuration
@EnableScheduling
@ConditionalOnProperty(name = "patchflow.ticketing.scheduler-enabled", havingValue = "true", matchIfMissing = true)
class TicketNoteSchedule {

    private static final Logger log = LoggerFactory.getLogger(TicketNoteSchedule.class);

    private final TicketNotes notes;

    private final TicketingWebhooks webhooks;

    TicketNoteSchedule(TicketNotes notes, TicketingWebhooks webhooks) {
        this.notes = notes;
        this.webhooks = webhooks;
    }

    /** Webhook events too old to be taken again need not be remembered (ADR 0045). */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void forgetWebhookEvents() {
        try {
            webhooks.forget(Instant.now());
        }
        catch (RuntimeException e) {
            log.warn("Forgetting old webhook events failed: {}", e.toString());
        }
    }

    @Scheduled(fixedDelayString = "${patchflow.ticketing.send-interval:PT10S}", initialDelayString = "PT15S")
    void deliver() {
        try {
            notes.deliverDue(Instant.now());
        }
        catch (RuntimeException e) {
            // the database may be away for a moment; the next run tries again
            log.warn("Ticket note delivery run failed: {}", e.toString());
        }
    }

}
