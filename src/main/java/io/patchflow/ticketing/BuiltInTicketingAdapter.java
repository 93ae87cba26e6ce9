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

    @Override
    public String resolve(String customerId, String reference) {
        return tickets.title(customerId, SYSTEM, reference).orElseGet(() -> {
            String title = "Service request " + reference;
            tickets.insert(customerId, SYSTEM, reference, title, "REQUEST");
            return title;
        });
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
    public String status(String customerId, String reference) {
        return tickets.status(customerId, SYSTEM, reference)
            .orElseThrow(() -> new TicketingException("the built-in register has no ticket " + reference));
    }

    @Override
    public String openIncident(String customerId, String title, String body) {
        String reference = "INC-" + (tickets.countIncidents(customerId, SYSTEM) + 1);
        tickets.insert(customerId, SYSTEM, reference, title, "INCIDENT");
        return reference;
    }

}
