package io.patchflow.ticketing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeMilestone;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeService;
import io.patchflow.change.ChangeSubmitted;
import io.patchflow.inventory.Asset;
import io.patchflow.inventory.Inventory;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.RoleRule;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
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

    private final Inventory inventory;

    /** The longest reason for unlinking a ticket, as the audit trail keeps it. */
    public static final int MAX_UNLINK_REASON = 500;

    /** A ticket names few machines; beyond this many, the rest are not preselected. */
    static final int MAX_DRAFT_ASSETS = 100;

    /**
     * Who links a change to a ticket; the change page offers its form by the same rule.
     */
    public static final RoleRule LINK = RoleRule.anyOf(
            "only the service desk, requesters and change managers link tickets", Role.SERVICE_DESK, Role.REQUESTER,
            Role.CHANGE_MANAGER);

    TicketService(TicketRepository tickets, TicketingSystems systems, TicketNotes notes, AuditTrail audit,
            ChangeService changes, Inventory inventory) {
        this.inventory = inventory;
        this.tickets = tickets;
        this.systems = systems;
        this.notes = notes;
        this.audit = audit;
        this.changes = changes;
    }

    /**
     * The service desk (or the requester, or a change manager) links a change they may
     * see to a ticket. A reference written as Redmine and ConnectWise show theirs,
     * {@code #123}, is the ticket {@code 123}.
     */
    @Transactional
    public void link(Actor actor, ChangeId id, String reference) {
        ChangeRequest change = changes.get(actor, id);
        LINK.check(actor);
        String plain = reference != null && reference.startsWith("#") ? reference.substring(1) : reference;
        TicketReference.check("reference", plain);
        link(id.value(), change.customerId(), plain, actor.username());
    }

    /**
     * Removes the link between a change and a ticket, for a reason the change's audit
     * trail keeps. The ticket keeps the notes it has; it hears of none of the change's
     * later milestones. Another customer's change or ticket is not found; a ticket that
     * is not linked to the change is not found either, and nothing changes.
     */
    @Transactional
    public void unlink(Actor actor, ChangeId id, long ticketId, String reason) {
        ChangeRequest change = changes.get(actor, id);
        LINK.check(actor);
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw new InvalidInputException("reason", "say why the ticket is unlinked: the reason is required");
        }
        if (why.length() > MAX_UNLINK_REASON) {
            throw new InvalidInputException("reason",
                    "the reason is at most " + MAX_UNLINK_REASON + " characters (it has " + why.length() + ")");
        }
        Ticket ticket = tickets.ticket(ticketId)
            .filter(t -> t.customerId().equals(change.customerId()))
            .orElseThrow(() -> new NotFoundException("no ticket " + ticketId + " linked to " + id));
        if (!tickets.unlink(id.value(), ticketId)) {
            throw new NotFoundException(ticket.system() + " ticket " + ticket.reference() + " is not linked to " + id);
        }
        audit.record(change.customerId(), id.value(), actor.username(), "TICKET_UNLINKED",
                ticket.system() + " ticket " + ticket.reference() + ": " + why);
    }

    /**
     * The tickets of the actor's customers with this reference, in any ticketing system,
     * each with its linked changes. "#42" also finds "42". An empty list when there is
     * none.
     */
    public List<TicketView> find(Actor actor, String reference) {
        String wanted = reference == null ? "" : reference.strip();
        if (wanted.isEmpty()) {
            throw new InvalidInputException("reference", "type a ticket reference, such as SD-12 or INC0010001");
        }
        if (wanted.length() > 100) {
            throw new InvalidInputException("reference", "a ticket reference is at most 100 characters");
        }
        Set<String> references = new LinkedHashSet<>(List.of(wanted));
        if (wanted.startsWith("#") && wanted.length() > 1) {
            references.add(wanted.substring(1));
        }
        return tickets.byReference(references, actor.customerIds())
            .stream()
            .map(t -> new TicketView(t, tickets.changesOf(t.id())))
            .toList();
    }

    /**
     * The ticket with its notes and linked changes, if it is one of the actor's
     * customers'; otherwise not found, exactly as if it did not exist.
     */
    public TicketView ticket(Actor actor, long ticketId) {
        Ticket ticket = tickets.ticket(ticketId)
            .filter(t -> actor.canSee(t.customerId()))
            .orElseThrow(() -> new NotFoundException("no ticket " + ticketId));
        return new TicketView(ticket, tickets.changesOf(ticketId));
    }

    /**
     * The ticket and what it says. The description of a ticket in an external system is
     * read from it now; when that fails the context says why and goes on with the stored
     * title (and the notes).
     */
    public TicketContext context(Actor actor, long ticketId) {
        TicketView view = ticket(actor, ticketId);
        Ticket ticket = view.ticket();
        String description = "";
        String unavailable = null;
        try {
            TicketingSystem system = systems.named(ticket.system());
            if (system.external()) {
                description = system.find(ticket.customerId(), ticket.reference()).description();
            }
        }
        catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            unavailable = "the description of " + ticket.system() + " ticket " + ticket.reference()
                    + " could not be read (" + (why.length() > 200 ? why.substring(0, 200) + "…" : why) + ")";
        }
        List<String> hostnames = inventory.hostnamesOfCustomer(ticket.customerId());
        String summary = ticket.title() + "\n" + description;
        StringBuilder everything = new StringBuilder(summary);
        ticket.notes().forEach(n -> everything.append('\n').append(n.body()));
        return new TicketContext(view, description, unavailable, NamedHosts.in(summary, hostnames),
                NamedHosts.in(everything.toString(), hostnames));
    }

    /**
     * The new change a ticket asks for: titled after it, with its reference (so the
     * change is linked on submission) and the customer's assets its title or description
     * names.
     */
    public ChangeDraft draft(Actor actor, long ticketId) {
        TicketContext context = context(actor, ticketId);
        Ticket ticket = context.ticket();
        String title = "Patch for " + ticket.reference() + ": " + ticket.title();
        if (title.length() > 200) {
            title = title.substring(0, 199) + "…";
        }
        List<Long> assetIds = new ArrayList<>();
        List<String> hostnames = new ArrayList<>();
        for (String hostname : context.namedInSummary()) {
            if (assetIds.size() == MAX_DRAFT_ASSETS) {
                break;
            }
            inventory.assetByHostname(ticket.customerId(), hostname).map(Asset::id).ifPresent(assetId -> {
                assetIds.add(assetId);
                hostnames.add(hostname);
            });
        }
        return new ChangeDraft(ticket.customerId(), title, ticket.reference(), assetIds, hostnames,
                context.unavailable());
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
        TicketStage stage = switch (milestone) {
            case "DEPLOYMENT_STARTED" -> TicketStage.IMPLEMENTING;
            case "CHANGE_CLOSED" -> TicketStage.CLOSED;
            default -> null;
        };
        int recorded = 0;
        for (TicketRepository.LinkedTicket ticket : tickets.linkedTo(changeId)) {
            if (notes.record(ticket.id(), ticket.system(), changeId, key, milestone, note)) {
                recorded++;
            }
            // the tickets the change answers follow it through their system's workflow;
            // an incident it opened is the service desk's to resolve
            if (stage != null && "REQUEST".equals(ticket.kind()) && systems.named(ticket.system()).external()) {
                notes.recordMove(ticket.id(), changeId, change.toString(), stage);
            }
        }
        if (recorded > 0) {
            audit.record(customerId, changeId, Actor.SYSTEM_NAME, "TICKETS_NOTED",
                    milestone + " noted on " + recorded + " ticket(s)");
        }
    }

    /**
     * Opens an incident ticket in the customer's system. In the built-in register it is
     * there at once. In an external system it is opened after this transaction, through
     * the outbox, once however often this is called or the delivery retried (ADR 0047);
     * until then the ticket carries a placeholder reference, which this returns.
     */
    @Transactional
    public String openIncident(long changeId, String customerId, String title, String body) {
        TicketingSystem ticketing = systems.forCustomer(customerId);
        String key = new ChangeId(changeId) + ":INCIDENT";
        if (!ticketing.external()) {
            String reference = ticketing.openIncident(customerId, title, body, key);
            long ticketId = ticketId(ticketing, customerId, reference, title, "INCIDENT");
            tickets.link(changeId, ticketId, Actor.SYSTEM_NAME);
            notes.record(ticketId, ticketing.system(), changeId, key + "_OPENED", "INCIDENT_OPENED", body);
            audit.record(customerId, changeId, Actor.SYSTEM_NAME, "INCIDENT_OPENED",
                    ticketing.system() + " ticket " + reference + ": " + title);
            return reference;
        }
        String placeholder = PENDING_PREFIX + key;
        long ticketId = ticketId(ticketing, customerId, placeholder, title, "INCIDENT");
        if (!tickets.linked(changeId, ticketId)) {
            tickets.link(changeId, ticketId, Actor.SYSTEM_NAME);
        }
        if (notes.recordOpening(ticketId, changeId, key, body)) {
            audit.record(customerId, changeId, Actor.SYSTEM_NAME, "INCIDENT_REQUESTED",
                    ticketing.system() + " incident to be opened: " + title);
        }
        return placeholder;
    }

    /** The reference an incident ticket has until its external system names it. */
    static final String PENDING_PREFIX = "pending:";

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
