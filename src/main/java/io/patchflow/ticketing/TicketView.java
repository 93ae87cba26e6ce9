package io.patchflow.ticketing;

import java.util.List;

/** A ticket with the changes linked to it, newest first. */
public record TicketView(Ticket ticket, List<LinkedChange> changes) {

    public TicketView {
        changes = List.copyOf(changes);
    }

}
