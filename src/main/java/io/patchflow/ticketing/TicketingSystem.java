package io.patchflow.ticketing;

/**
 * What Patchflow needs from a ticketing system (a PSA or service desk). The built-in
 * register is the first adapter; adapters for external systems follow.
 */
public interface TicketingSystem {

    /**
     * The adapter's name, stored with every ticket it knows ("builtin", "redmine", ...).
     */
    String system();

    /** Makes sure the ticket exists in the system and returns its title there. */
    String resolve(String customerId, String reference);

    void addNote(String customerId, String reference, String body);

    /** Opens an incident ticket and returns its reference. */
    String openIncident(String customerId, String title, String body);

}
