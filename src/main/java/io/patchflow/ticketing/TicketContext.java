package io.patchflow.ticketing;

import java.util.List;

/**
 * A ticket and what it says: its description as its system holds it now, and the
 * customer's hosts it names.
 *
 * @param description empty for the built-in register, and when the system did not answer
 * @param unavailable why the description could not be read; null when it was, or when
 * there is none to read (the built-in register)
 * @param namedInSummary the customer's hosts named in the title or description
 * @param namedAnywhere those and the hosts named in the notes Patchflow wrote on it (an
 * incident's note lists the failed assets)
 */
public record TicketContext(TicketView view, String description, String unavailable, List<String> namedInSummary,
        List<String> namedAnywhere) {

    public TicketContext {
        namedInSummary = List.copyOf(namedInSummary);
        namedAnywhere = List.copyOf(namedAnywhere);
    }

    public Ticket ticket() {
        return view.ticket();
    }

}
