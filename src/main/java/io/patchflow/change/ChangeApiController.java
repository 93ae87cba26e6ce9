package io.patchflow.change;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.http.ResponseEntity;
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
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

@Tag(name = "Changes", description = "Submit patch changes, read them with their history, cancel them, link tickets")
@RestController
@RequestMapping("/api/changes")
class ChangeApiController {

    private final ChangeService changes;

    ChangeApiController(ChangeService changes) {
        this.changes = changes;
    }

    record SubmitChangeRequest(@NotBlank @Size(max = 40) String customerId, @NotBlank @Size(max = 200) String title,
            @Size(max = 4000) String description,
            @NotEmpty @Size(max = ChangeService.MAX_PATCHES) List<@NotNull Long> patchIds,
            @NotEmpty @Size(max = ChangeService.MAX_ASSETS) List<@NotNull Long> assetIds, OffsetDateTime requestedStart,
            Boolean emergency, @Size(max = 100) String ticketReference,
            @Size(max = HealthCheck.MAX_PER_CHANGE) List<HealthCheck> healthChecks) {
    }

    record CancelRequest(@NotBlank @Size(max = 500) String reason) {
    }

    record ChangeSummary(ChangeId id, String customerId, String title, String requester, ChangeStatus status,
            ChangeOutcome outcome, String outcomeReason, ChangeType changeType, RiskLevel riskLevel,
            Boolean backupRequired, OffsetDateTime requestedStart, OffsetDateTime scheduledStart,
            OffsetDateTime createdAt, OffsetDateTime closedAt) {

        static ChangeSummary of(ChangeRequest c) {
            return new ChangeSummary(c.id(), c.customerId(), c.title(), c.requester(), c.status(), c.outcome(),
                    c.outcomeReason(), c.changeType(), c.riskLevel(), c.backupRequired(), c.requestedStart(),
                    c.scheduledStart(), c.createdAt(), c.closedAt());
        }
    }

    @Operation(summary = "Submit a patch change; its process starts at once")
    @PostMapping
    ResponseEntity<ChangeSummary> submit(Actor actor, @Valid @RequestBody SubmitChangeRequest request) {
        ChangeRequest change = changes.submit(actor,
                new SubmitChange(request.customerId(), request.title(), request.description(), request.patchIds(),
                        request.assetIds(), request.requestedStart(), Boolean.TRUE.equals(request.emergency()),
                        request.ticketReference(), request.healthChecks()));
        return ResponseEntity.created(URI.create("/api/changes/" + change.id())).body(ChangeSummary.of(change));
    }

    @Operation(summary = "Search the changes of my customers, newest first",
            description = "Every filter is optional and they combine with AND. A filter with a wrong value, or a "
                    + "parameter not listed here, is refused with 400 naming it.")
    @GetMapping
    Page<ChangeSummary> list(Actor actor,
            @Parameter(description = "A change id (CHG-12 or 12) or part of the title, any case",
                    example = "CHG-12") @RequestParam(required = false) String q,
            @Parameter(description = "Only this customer's changes (one of mine; another is 400)",
                    example = "acme") @RequestParam(required = false) String customer,
            @Parameter(description = "Only changes linked to the ticket with this reference",
                    example = "SD-1234") @RequestParam(required = false) String ticket,
            @Parameter(description = "Only changes that include the asset with this host name, any case",
                    example = "web-01") @RequestParam(required = false) String asset,
            @Parameter(description = "Only changes with a patch that fixes this CVE",
                    example = "CVE-2025-48384") @RequestParam(required = false) String cve,
            @Parameter(description = "Only changes in this status",
                    schema = @Schema(implementation = ChangeStatus.class)) @RequestParam(
                            required = false) String status,
            @Parameter(description = "Only changes closed with this outcome",
                    schema = @Schema(implementation = ChangeOutcome.class)) @RequestParam(
                            required = false) String outcome,
            @Parameter(description = "Created on or after this day (UTC, ISO date)",
                    example = "2026-01-01") @RequestParam(required = false) String from,
            @Parameter(description = "Created on or before this day (UTC, ISO date, inclusive)",
                    example = "2026-01-31") @RequestParam(required = false) String to,
            @Parameter(description = "Page number, from 0") @RequestParam(defaultValue = "0") int page,
            @Parameter(description = "Page size, 1 to 200") @RequestParam(defaultValue = "20") int size) {
        return changes
            .list(actor, ChangeQuery.of(q, customer, ticket, asset, cve, status, outcome, from, to, page, size))
            .map(ChangeSummary::of);
    }

    @Operation(summary = "Cancel a change; refused (409) once deployment has started")
    @PostMapping("/{id}/cancel")
    ChangeSummary cancel(Actor actor, @PathVariable String id, @Valid @RequestBody CancelRequest request) {
        ChangeId changeId = ChangeId.parse(id);
        changes.cancel(actor, changeId, request.reason());
        return ChangeSummary.of(changes.get(actor, changeId));
    }

}
