package io.patchflow.ticketing;

/**
 * The saved connections to customers' ticketing systems, secrets decrypted.
 */
public interface TicketingConnections {

    /**
     * The customer's connection to the system; a {@link TicketingException} when there is
     * none.
     */
    TicketingConnection of(String customerId, String system);

}
