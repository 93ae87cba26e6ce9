package io.patchflow.ticketing;

import java.time.OffsetDateTime;
import java.util.List;

public record Ticket(long id, String customerId, String system, String reference, String title, String kind,
        String status, OffsetDateTime createdAt, List<TicketNote> notes) {

    public Ticket {
        notes = List.copyOf(notes);
    }

    public record TicketNote(OffsetDateTime createdAt, String milestone, String body) {
    }
}
