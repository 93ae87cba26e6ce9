package io.patchflow.ticketing;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A ticket linked to a change, with the notes Patchflow wrote on it.
 *
 * @param status the status its system answered last ({@code OPEN} for a built-in ticket)
 * @param statusAsOf when that status was read (for a built-in ticket: when it was opened)
 */
public record Ticket(long id, String customerId, String system, String reference, String title, String kind,
        String status, OffsetDateTime statusAsOf, OffsetDateTime createdAt, List<TicketNote> notes) {

    public Ticket {
        notes = List.copyOf(notes);
    }

    /**
     * How old the status is, in words: "3 min ago". The exact time is next to it on the
     * pages, in UTC.
     */
    public String statusAge() {
        return ago(java.time.Duration.between(statusAsOf, OffsetDateTime.now()));
    }

    /** "just now", "3 min ago", "5 h ago", "2 days ago": coarse, as a person says it. */
    static String ago(java.time.Duration age) {
        long minutes = Math.max(0, age.toMinutes());
        if (minutes < 1) {
            return "just now";
        }
        if (minutes < 60) {
            return minutes + " min ago";
        }
        if (minutes < 48 * 60) {
            return minutes / 60 + " h ago";
        }
        return minutes / (24 * 60) + " days ago";
    }

    /** The notes not yet in the ticket's system, and still being tried. */
    public List<TicketNote> undelivered() {
        return notes.stream().filter(n -> !n.delivered() && !n.refused()).toList();
    }

    /**
     * A note on the ticket: written when the change reached the milestone, delivered to
     * the ticket's system then or later.
     *
     * @param attempts how often it was posted to the ticket's system
     * @param lastError why the last attempt failed; null once delivered
     * @param refused the system would not do it (a move it refused or ignored): reported,
     * not tried again
     */
    public record TicketNote(OffsetDateTime createdAt, String milestone, String body, boolean delivered, int attempts,
            String lastError, OffsetDateTime lastAttemptAt, OffsetDateTime deliveredAt, boolean refused) {
    }
}
