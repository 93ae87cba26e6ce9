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
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.TicketReference;
import io.patchflow.shared.UnavailableException;

/**
 * Links changes to tickets and keeps those tickets informed: a note at every milestone
 * the change lifecycle publishes, an incident ticket when something fails. Every note
 * Patchflow posts is also kept here, and each round of notes is in the audit trail.
 */
@Service
public class TicketService {

    private final TicketRepository tickets;

    private final TicketingSystems systems;

    private final TicketNotes notes;

    private final AuditTrail audit;

    private final ChangeService changes;

    /**
     * Who links a change to a ticket; the change page offers its form by the same rule.
     */
    public static final RoleRule LINK = RoleRule.anyOf(
            "only the service desk, requesters and change managers link tickets", Role.SERVICE_DESK, Role.REQUESTER,
            Role.CHANGE_MANAGER);

    TicketService(TicketRepository tickets, TicketingSystems systems, TicketNotes notes, AuditTrail audit,
            ChangeService changes) {
        this.tickets = tickets;
        this.systems = systems;
        this.notes = notes;
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
        ChangeRequest change = event.change();
        link(change.id().value(), change.customerId(), event.ticketReference(), change.requester());
        onMilestoneOf(change.id(), change.customerId(), change.id() + ":SUBMITTED", "SUBMITTED",
                "Change " + change.id() + " (" + change.title() + ") submitted by " + change.requester() + ".");
    }

    /**
     * Records a note for every ticket linked to the change, in the transaction that
     * reached the milestone, once per ticket and milestone; delivered afterwards (ADR
     * 0042). The audit trail says how many tickets will hear of it.
     */
    @EventListener
    public void onMilestone(ChangeMilestone event) {
        onMilestoneOf(event.change(), event.customerId(), event.key(), event.milestone().name(), event.note());
    }

    private void onMilestoneOf(ChangeId change, String customerId, String key, String milestone, String note) {
        long changeId = change.value();
        int recorded = 0;
        for (TicketRepository.LinkedTicket ticket : tickets.linkedTo(changeId)) {
            if (notes.record(ticket.id(), ticket.system(), changeId, key, milestone, note)) {
                recorded++;
            }
        }
        if (recorded > 0) {
            audit.record(customerId, changeId, Actor.SYSTEM_NAME, "TICKETS_NOTED",
                    milestone + " noted on " + recorded + " ticket(s)");
        }
    }

    @Transactional
    public String openIncident(long changeId, String customerId, String title, String body) {
        TicketingSystem ticketing = systems.forCustomer(customerId);
        String reference = ticketing.openIncident(customerId, title, body, new ChangeId(changeId) + ":INCIDENT");
        long ticketId = ticketId(ticketing, customerId, reference, title, "INCIDENT");
        tickets.link(changeId, ticketId, Actor.SYSTEM_NAME);
        notes.record(ticketId, ticketing.system(), changeId, new ChangeId(changeId) + ":INCIDENT_OPENED",
                "INCIDENT_OPENED", body);
        audit.record(customerId, changeId, Actor.SYSTEM_NAME, "INCIDENT_OPENED",
                ticketing.system() + " ticket " + reference + ": " + title);
        return reference;
    }

    public List<Ticket> ticketsOf(long changeId) {
        return tickets.ticketsOf(changeId);
    }

    private void link(long changeId, String customerId, String reference, String actor) {
        TicketingSystem ticketing = systems.forCustomer(customerId);
        String title;
        try {
            title = ticketing.find(customerId, reference).title();
        }
        catch (TicketNotFoundException e) {
            throw new InvalidInputException("reference", ticketing.system() + " has no ticket " + reference);
        }
        catch (TicketingException e) {
            throw new UnavailableException("the ticket was not linked: " + ticketing.system() + " did not answer ("
                    + e.getMessage() + "); try again later", e);
        }
        long ticketId = ticketId(ticketing, customerId, reference, title, "REQUEST");
        if (tickets.linked(changeId, ticketId)) {
            return;
        }
        tickets.link(changeId, ticketId, actor);
        audit.record(customerId, changeId, actor, "TICKET_LINKED", ticketing.system() + " ticket " + reference);
    }

    private long ticketId(TicketingSystem ticketing, String customerId, String reference, String title, String kind) {
        return tickets.find(customerId, ticketing.system(), reference).orElseGet(() -> {
            tickets.insert(customerId, ticketing.system(), reference, title, kind);
            return tickets.find(customerId, ticketing.system(), reference).orElseThrow();
        });
    }

}
