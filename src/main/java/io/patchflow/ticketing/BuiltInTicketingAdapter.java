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
    public void addNote(String customerId, String reference, String body) {
        // Notes are stored by TicketService together with the milestone; the built-in
        // register has nothing else to call.
    }

    @Override
    public String openIncident(String customerId, String title, String body) {
        String reference = "INC-" + (tickets.countIncidents(customerId, SYSTEM) + 1);
        tickets.insert(customerId, SYSTEM, reference, title, "INCIDENT");
        return reference;
    }

}
