package io.patchflow.ticketing;

/**
 * What Patchflow needs from a ticketing system (a PSA or service desk). The built-in
 * register is the first adapter; adapters for external systems follow. Calls to an
 * external system fail with {@link TicketingException}.
 */
public interface TicketingSystem {

    /**
     * The adapter's name, stored with every ticket it knows ("builtin", "redmine", ...).
     */
    String system();

    /**
     * Whether the system lives outside Patchflow, so that notes are delivered to it after
     * the transaction that recorded them. The built-in register is not: its notes are the
     * rows Patchflow writes.
     */
    default boolean external() {
        return true;
    }

    /** Makes sure the ticket exists in the system and returns its title there. */
    String resolve(String customerId, String reference);

    /**
     * Posts a note on the ticket. The body ends with a line holding {@code marker}, which
     * is unique to this note.
     */
    void addNote(String customerId, String reference, String body, String marker);

    /**
     * Whether a note holding {@code marker} is on the ticket already: asked before a note
     * is posted again after an attempt whose answer never came (a timeout, a dropped
     * connection), so that a retry never posts it twice.
     */
    boolean hasNote(String customerId, String reference, String marker);

    /** The ticket's status in the system, as the system names it. */
    String status(String customerId, String reference);

    /** Opens an incident ticket and returns its reference. */
    String openIncident(String customerId, String title, String body);

}
