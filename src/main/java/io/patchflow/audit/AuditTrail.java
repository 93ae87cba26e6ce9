package io.patchflow.audit;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Service;

import io.patchflow.shared.Text;

/**
 * The append-only record of every decision and state change. Written in the same
 * transaction as the change it describes, so the trail and the data never disagree:
 * directly, or by listening to the {@link Auditable} events the features publish.
 */
@Service
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private static final int MAX_DETAIL = 2000;

    private static final int MAX_ACTOR = 100;

    private final AuditRepository events;

    AuditTrail(AuditRepository events) {
        this.events = events;
    }

    public void record(String customerId, Long changeId, String actor, String kind, String detail) {
        // details and even actors (a user name someone typed) can quote outside input
        String printable = Text.printable(detail);
        String text = printable == null ? null
                : printable.length() > MAX_DETAIL ? printable.substring(0, MAX_DETAIL) : printable;
        String who = actor == null ? "unknown" : Text.printable(actor);
        actor = who.length() > MAX_ACTOR ? who.substring(0, MAX_ACTOR) : who;
        events.insert(customerId, changeId, actor, kind, text);
        log.info("audit change={} actor={} kind={} {}", changeId, actor, kind, text);
    }

    /**
     * Synchronous, so in the publisher's transaction: if that rolls back, so does the
     * entry. First among the listeners, so the trail tells what happened before what
     * others did about it.
     */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public void on(Auditable event) {
        record(event.customerId(), event.changeId(), event.actor(), event.kind(), event.detail());
    }

    public List<AuditEvent> ofChange(long changeId) {
        return events.ofChange(changeId);
    }

}
