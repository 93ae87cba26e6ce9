package io.patchflow.ticketing;

import org.springframework.stereotype.Component;

/**
 * The ticket register inside Patchflow's own tables, for customers without a PSA
 * integration. Tickets are created on first reference, the way a service desk would open
 * one.
 */
@Component
class BuiltInTicketingAdapter implements TicketingSystem {

    static final String SYSTEM = "builtin";

    private final TicketRepository tickets;

    BuiltInTicketingAdapter(TicketRepository tickets) {
        this.tickets = tickets;
    }

    @Override
    public String system() {
        return SYSTEM;
    }

    /**
     * The register opens a ticket on first reference, the way a service desk would open
     * one, so every well-formed reference is found.
     */
    @Override
    public TicketDetails find(String customerId, String reference) {
        String title = tickets.title(customerId, SYSTEM, reference).orElseGet(() -> {
            String opened = "Service request " + reference;
            tickets.insert(customerId, SYSTEM, reference, opened, "REQUEST");
            return opened;
        });
        return new TicketDetails(reference, title, tickets.status(customerId, SYSTEM, reference).orElse("OPEN"), "");
    }

    @Override
    public boolean external() {
        return false;
    }

    @Override
    public void addNote(String customerId, String reference, String body, String marker) {
        // The note's row in ticket_note is the register's note; there is nothing to call.
    }

    @Override
    public boolean hasNote(String customerId, String reference, String marker) {
        return tickets.hasNoteMarked(customerId, SYSTEM, reference, marker);
    }

    @Override
    public String openIncident(String customerId, String title, String body, String marker) {
        String reference = "INC-" + (tickets.countIncidents(customerId, SYSTEM) + 1);
        tickets.insert(customerId, SYSTEM, reference, title, "INCIDENT");
        return reference;
    }

}
