package io.patchflow.ticketing;

import java.util.Set;

/**
 * What Patchflow needs from a ticketing system (a PSA or service desk): the built-in
 * register, or an adapter for an external system configured per customer
 * ({@link TicketingConnection}). Calls to an external system fail with
 * {@link TicketingException}; a ticket the system does not know fails with
 * {@link TicketNotFoundException}.
 *
 * <p>
 * Every call that writes is safe to repeat: a note and an incident carry a marker line
 * unique to them, and the outbox asks for the marker before it writes again after an
 * attempt whose answer never came (ADR 0042).
 */
public interface TicketingSystem {

    /**
     * The adapter's name, stored with every ticket it knows ("builtin", "jira", ...).
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

    /**
     * The settings a connection to this system may have, checked when an admin saves one:
     * names, prefixes ending in {@code .} (e.g. {@code stages.}), or {@code *} for any.
     */
    default Set<String> settingNames() {
        return Set.of("*");
    }

    /** The ticket as the system holds it now. */
    TicketDetails find(String customerId, String reference);

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

    /**
     * Opens an incident ticket whose description ends with a line holding {@code marker}
     * and returns its reference. If the system holds an incident with this marker already
     * (an earlier attempt lost its answer), returns that one's reference instead of
     * opening a second.
     */
    String openIncident(String customerId, String title, String body, String marker);

    /**
     * Moves the ticket to {@code stage} through the transitions the system allows, one
     * after the other, and reads it back. Returns the status read back. A ticket at the
     * stage already or beyond it is left alone. A transition the system refused or
     * silently ignored fails with a {@link TicketingException} saying which; it is never
     * taken as done. Systems without a workflow Patchflow drives leave the ticket alone.
     */
    default String moveTo(String customerId, String reference, TicketStage stage) {
        return find(customerId, reference).status();
    }

}
