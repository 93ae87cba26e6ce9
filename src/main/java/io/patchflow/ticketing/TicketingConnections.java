package io.patchflow.ticketing;

/**
 * The saved connections to customers' ticketing systems, secrets decrypted.
 */
public interface TicketingConnections {

    /**
     * The customer's connection to the system; a {@link TicketingException} when there is
     * none.
     */
    default TicketingConnection of(String customerId, String system) {
        return find(customerId, system).orElseThrow(() -> new TicketingException("customer " + customerId + " has no "
                + system + " connection saved; an admin adds it under Ticketing"));
    }

    /** The customer's connection to the system, if saved. */
    java.util.Optional<TicketingConnection> find(String customerId, String system);

    /**
     * The system the customer links new tickets in: the active saved connection's, or the
     * built-in register when none is active.
     */
    String activeSystem(String customerId);

}
