package io.patchflow.ticketing;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.change.ChangeId;
import io.patchflow.security.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

@Tag(name = "Changes",
        description = "Submit patch changes, read them with their history, cancel them, link and unlink tickets")
@RestController
class TicketApiController {

    private final TicketService tickets;

    TicketApiController(TicketService tickets) {
        this.tickets = tickets;
    }

    record LinkTicketRequest(@NotBlank @Size(max = 100) String reference) {
    }

    @Operation(summary = "Link the change to a ticket in the customer's ticket system")
    @PostMapping("/api/changes/{id}/tickets")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, String> linkTicket(Actor actor, @PathVariable String id,
            @Valid @RequestBody LinkTicketRequest request) {
        ChangeId change = ChangeId.parse(id);
        tickets.link(actor, change, request.reference());
        return Map.of("change", change.toString(), "reference", request.reference());
    }

    record UnlinkTicketRequest(String reason) {
    }

    @Operation(summary = "Unlink a ticket from the change, for a reason the change's audit trail keeps",
            description = "The ticket keeps the notes it has and hears of no later milestone. Another customer's "
                    + "change or ticket, or a ticket not linked to the change, is 404; a missing reason is 400.")
    @DeleteMapping("/api/changes/{id}/tickets/{ticketId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unlinkTicket(Actor actor, @PathVariable String id, @PathVariable String ticketId,
            @RequestBody(required = false) UnlinkTicketRequest request) {
        tickets.unlink(actor, ChangeId.parse(id), TicketController.ticketId(ticketId),
                request == null ? null : request.reason());
    }

    record FoundTickets(String reference, List<FoundTicket> tickets, String message) {
    }

    record FoundTicket(long id, String customer, String system, String reference, String kind, String title,
            String status, OffsetDateTime statusAsOf, OffsetDateTime createdAt, List<LinkedChange> changes) {

        static FoundTicket of(TicketView view) {
            Ticket t = view.ticket();
            return new FoundTicket(t.id(), t.customerId(), t.system(), t.reference(), t.kind(), t.title(), t.status(),
                    t.statusAsOf(), t.createdAt(), view.changes());
        }

    }

    @Tag(name = "Tickets", description = "Find tickets of your customers and the changes linked to them")
    @Operation(summary = "The tickets of your customers with this reference, in any ticketing system, "
            + "with their linked changes")
    @GetMapping("/api/tickets")
    FoundTickets find(Actor actor, @RequestParam(required = false) String reference) {
        List<FoundTicket> found = tickets.find(actor, reference).stream().map(FoundTicket::of).toList();
        return new FoundTickets(reference.strip(), found,
                found.isEmpty() ? "no ticket " + reference.strip() + " in your customers' tickets" : null);
    }

}
