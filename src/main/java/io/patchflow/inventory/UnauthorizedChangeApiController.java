package io.patchflow.inventory;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.security.Actor;
import io.patchflow.shared.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Unauthorized changes", description = "Version changes agents reported that no approved change explains")
@RestController
@RequestMapping("/api")
class UnauthorizedChangeApiController {

    private final UnauthorizedChanges unauthorized;

    UnauthorizedChangeApiController(UnauthorizedChanges unauthorized) {
        this.unauthorized = unauthorized;
    }

    @Operation(summary = "The customer's unauthorized changes (OPEN by default, or ACKNOWLEDGED), newest first")
    @GetMapping("/customers/{customerId}/unauthorized-changes")
    Page<UnauthorizedChanges.UnauthorizedChange> list(Actor actor, @PathVariable String customerId,
            @Parameter(description = "OPEN (default) or ACKNOWLEDGED") @RequestParam(
                    defaultValue = "OPEN") String status,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return unauthorized.list(actor, customerId, status, page, size);
    }

    record Acknowledgement(String note) {
    }

    @Operation(
            summary = "Acknowledge one (change manager, administrator) with what was found. Example: {\"note\":\"patched by hand during the outage\"}")
    @PostMapping("/unauthorized-changes/{id}/acknowledge")
    UnauthorizedChanges.UnauthorizedChange acknowledge(Actor actor, @PathVariable long id,
            @RequestBody(required = false) Acknowledgement body) {
        return unauthorized.acknowledge(actor, id, body == null ? null : body.note());
    }

}
