package io.patchflow.ticketing;

/**
 * A ticket as its system holds it.
 *
 * @param reference the ticket's id in its system (e.g. {@code OPS-17},
 * {@code INC0010001})
 * @param title the summary line
 * @param status the status as the system names it
 * @param description the ticket's text, as sent (plain text or the system's markup); may
 * be empty, never null
 */
public record TicketDetails(String reference, String title, String status, String description) {

    public TicketDetails {
        description = description == null ? "" : description;
        title = title == null || title.isBlank() ? reference : title;
        status = status == null ? "" : status;
    }

}
