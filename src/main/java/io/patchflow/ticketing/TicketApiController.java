package io.patchflow.ticketing;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.change.ChangeId;
import io.patchflow.security.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

@Tag(name = "Changes", description = "Submit patch changes, read them with their history, cancel them, link tickets")
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

}
