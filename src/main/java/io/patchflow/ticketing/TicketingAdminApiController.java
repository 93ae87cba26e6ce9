package io.patchflow.ticketing;

import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.security.Actor;

/**
 * Admins configure each customer's ticketing system (docs/ticketing.md). Answers never
 * hold a secret.
 */
@RestController
@RequestMapping("/api/admin/ticketing")
class TicketingAdminApiController {

    private final TicketingAdministration administration;

    TicketingAdminApiController(TicketingAdministration administration) {
        this.administration = administration;
    }

    @GetMapping
    Map<String, Object> list(Actor actor) {
        return Map.of("systems", administration.systems(), "connections", administration.list(actor));
    }

    @GetMapping("/{customerId}/{system}")
    ConnectionView get(Actor actor, @PathVariable String customerId, @PathVariable String system) {
        return administration.get(actor, customerId, system);
    }

    @PutMapping("/{customerId}/{system}")
    ConnectionView save(Actor actor, @PathVariable String customerId, @PathVariable String system,
            @RequestBody ConnectionSpec spec) {
        return administration.save(actor, customerId, system, spec);
    }

    @DeleteMapping("/{customerId}/{system}")
    ResponseEntity<Void> delete(Actor actor, @PathVariable String customerId, @PathVariable String system) {
        administration.delete(actor, customerId, system);
        return ResponseEntity.noContent().build();
    }

    /** Reads one ticket through the saved connection. */
    @PostMapping("/{customerId}/{system}/test")
    TicketDetails test(Actor actor, @PathVariable String customerId, @PathVariable String system,
            @RequestBody TestRequest request) {
        return administration.tryConnection(actor, customerId, system, request == null ? null : request.reference());
    }

    record TestRequest(String reference) {
    }

}
