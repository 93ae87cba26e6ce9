package io.patchflow.ticketing;

/**
 * The ticketing system answered, and did not move the ticket: it refused the transition,
 * offered none that leads to the stage, or accepted the request and left the ticket where
 * it was (read back). Trying again would give the same answer, so the move is reported as
 * failed instead (ADR 0047).
 */
public class TicketTransitionException extends TicketingException {

    public TicketTransitionException(String message) {
        super(message);
    }

}
