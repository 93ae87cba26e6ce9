package io.patchflow.ticketing;

import java.util.List;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeMilestone;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeService;
import io.patchflow.change.ChangeSubmitted;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.RoleRule;
import io.patchflow.shared.TicketReference;

/**
 * Links changes to tickets and keeps those tickets informed: a note at every milestone
 * the change lifecycle publishes, an incident ticket when something fails. Every note
 * Patchflow posts is also kept here, and each round of notes is in the audit trail.
 */
@Service
public class TicketService {

    private final TicketRepository tickets;

    private final TicketingSystem ticketing;

    private final AuditTrail audit;

    private final ChangeService changes;

    /**
     * Who links a change to a ticket; the change page offers its form by the same rule.
     */
    public static final RoleRule LINK = RoleRule.anyOf(
            "only the service desk, requesters and change managers link tickets", Role.SERVICE_DESK, Role.REQUESTER,
            Role.CHANGE_MANAGER);

    TicketService(TicketRepository tickets, TicketingSystem ticketing, AuditTrail audit, ChangeService changes) {
        this.tickets = tickets;
        this.ticketing = ticketing;
        this.audit = audit;
        this.changes = changes;
    }

    /**
     * The service desk (or the requester, or a change manager) links a change they may
     * see to a ticket.
     */
    @Transactional
    public void link(Actor actor, ChangeId id, String reference) {
        ChangeRequest change = changes.get(actor, id);
        LINK.check(actor);
        TicketReference.check("reference", reference);
        link(id.value(), change.customerId(), reference, actor.username());
    }

    /**
     * A change submitted with a ticket reference is linked to it. The submission checked
     * the reference before writing anything; checked again here, a bad one still refuses
     * it.
     */
    @EventListener
    public void onSubmitted(ChangeSubmitted event) {
        if (event.ticketReference() == null) {
            return;
        }
        TicketReference.check("ticketReference", event.ticketReference());
        link(event.change().id().value(), event.change().customerId(), event.ticketReference(),
                event.change().requester());
    }

    /**
     * Adds a note to every ticket linked to the change, and says so in the audit trail.
     */
    @EventListener
    public void onMilestone(ChangeMilestone event) {
        long changeId = event.change().value();
        List<TicketRepository.LinkedTicket> linked = tickets.linkedTo(changeId);
        for (TicketRepository.LinkedTicket ticket : linked) {
            ticketing.addNote(event.customerId(), ticket.reference(), event.note());
            tickets.insertNote(ticket.id(), changeId, event.milestone().name(), event.note());
        }
        if (!linked.isEmpty()) {
            audit.record(event.customerId(), changeId, Actor.SYSTEM_NAME, "TICKETS_NOTED",
                    event.milestone() + " noted on " + linked.size() + " ticket(s)");
        }
    }

    @Transactional
    public String openIncident(long changeId, String customerId, String title, String body) {
        String reference = ticketing.openIncident(customerId, title, body);
        long ticketId = ticketId(customerId, reference, title, "INCIDENT");
        tickets.link(changeId, ticketId, Actor.SYSTEM_NAME);
        tickets.insertNote(ticketId, changeId, "INCIDENT_OPENED", body);
        audit.record(customerId, changeId, Actor.SYSTEM_NAME, "INCIDENT_OPENED",
                ticketing.system() + " ticket " + reference + ": " + title);
        return reference;
    }

    public List<Ticket> ticketsOf(long changeId) {
        return tickets.ticketsOf(changeId);
    }

    private void link(long changeId, String customerId, String reference, String actor) {
        String title = ticketing.resolve(customerId, reference);
        long ticketId = ticketId(customerId, reference, title, "REQUEST");
        if (tickets.linked(changeId, ticketId)) {
            return;
        }
        tickets.link(changeId, ticketId, actor);
        audit.record(customerId, changeId, actor, "TICKET_LINKED", ticketing.system() + " ticket " + reference);
    }

    private long ticketId(String customerId, String reference, String title, String kind) {
        return tickets.find(customerId, ticketing.system(), reference).orElseGet(() -> {
            tickets.insert(customerId, ticketing.system(), reference, title, kind);
            return tickets.find(customerId, ticketing.system(), reference).orElseThrow();
        });
    }

}
