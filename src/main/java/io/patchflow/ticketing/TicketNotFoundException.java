package io.patchflow.ticketing;

/**
 * The ticketing system answered, and does not know the ticket (HTTP 404, or an empty
 * result). Retrying will not help; linking refuses the reference.
 */
public class TicketNotFoundException extends TicketingException {

    public TicketNotFoundException(String message) {
        super(message);
    }

}
