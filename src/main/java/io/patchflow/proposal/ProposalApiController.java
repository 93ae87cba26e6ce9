package io.patchflow.proposal;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.change.ChangeRequest;
import io.patchflow.security.Actor;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Proposals", description = "Changes Patchflow proposes for new applicable patches")
@RestController
@RequestMapping("/api")
class ProposalApiController {

    private final ProposalService proposals;

    private final ProposalProcess process;

    ProposalApiController(ProposalService proposals, ProposalProcess process) {
        this.proposals = proposals;
        this.process = process;
    }

    @Operation(summary = "Proposals of my customers in one status (default OPEN), soonest SLA deadline first")
    @GetMapping("/proposals")
    Page<Proposal> list(Actor actor,
            @Parameter(description = "OPEN (default), ACCEPTED, STARTED, DISMISSED or OBSOLETE") @RequestParam(
                    defaultValue = "OPEN") String status,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return proposals.list(actor, status(status), page, size);
    }

    @Operation(summary = "One proposal with its patches and asset ids")
    @GetMapping("/proposals/{id}")
    ProposalService.ProposalDetails get(Actor actor, @PathVariable long id) {
        return proposals.details(actor, id);
    }

    @Operation(
            summary = "Accept: the change is submitted in my name, keeping the proposal's SLA clock (requester, change manager)")
    @PostMapping("/proposals/{id}/accept")
    @ResponseStatus(HttpStatus.CREATED)
    ChangeRequest accept(Actor actor, @PathVariable long id) {
        return proposals.accept(actor, id);
    }

    record Dismissal(String reason) {
    }

    @Operation(
            summary = "Dismiss with a reason; its patches are not proposed again for these assets. Example: {\"reason\":\"host is retired next week\"}")
    @PostMapping("/proposals/{id}/dismiss")
    Proposal dismiss(Actor actor, @PathVariable long id, @RequestBody(required = false) Dismissal dismissal) {
        return proposals.dismiss(actor, id, dismissal == null ? null : dismissal.reason());
    }

    @Operation(summary = "Run the patch-proposals process now instead of waiting for its timer (administrator)")
    @PostMapping("/admin/proposals/run")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> run() {
        return Map.of("processInstanceId", process.runNow());
    }

    static ProposalStatus status(String value) {
        try {
            return ProposalStatus.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw new InvalidInputException("status",
                    "status is one of " + java.util.Arrays.stream(ProposalStatus.values())
                        .map(Enum::name)
                        .collect(java.util.stream.Collectors.joining(", ")));
        }
    }

}
