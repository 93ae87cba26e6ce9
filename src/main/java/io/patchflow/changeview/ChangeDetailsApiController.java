package io.patchflow.changeview;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.change.ChangeId;
import io.patchflow.security.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Changes", description = "Submit patch changes, read them with their history, cancel them, link tickets")
@RestController
class ChangeDetailsApiController {

    private final ChangeDetailsService details;

    ChangeDetailsApiController(ChangeDetailsService details) {
        this.details = details;
    }

    @Operation(
            summary = "Read a change with its patches, assets, assessment, approvals, tickets, process steps and audit trail")
    @GetMapping("/api/changes/{id}")
    ChangeDetails get(Actor actor, @PathVariable String id) {
        return details.details(actor, ChangeId.parse(id));
    }

    @Operation(summary = "Download a change's audit trail as CSV",
            description = "One row per event, oldest first: time (UTC, ISO-8601), actor, kind, detail, with a header "
                    + "row. Decisions and completed tasks are events of the trail. A cell that begins with = + - @ "
                    + "is prefixed with a single quote so that a spreadsheet does not evaluate it.")
    @GetMapping("/api/changes/{id}/history.csv")
    ResponseEntity<String> history(Actor actor, @PathVariable String id) {
        ChangeId changeId = ChangeId.parse(id);
        return HistoryDownload.of(changeId, details.historyCsv(actor, changeId));
    }

}
