package io.patchflow.inbox;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.security.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

@Tag(name = "Absences", description = "Away for a while: a deputy takes my tasks (ADR 0039)")
@RestController
@RequestMapping("/api/me/absences")
class AbsenceApiController {

    private final Absences absences;

    AbsenceApiController(Absences absences) {
        this.absences = absences;
    }

    record AbsenceView(long id, String deputy, Instant from, Instant until) {

        static AbsenceView of(Absence absence) {
            return new AbsenceView(absence.id(), absence.deputy(), absence.from(), absence.until());
        }

    }

    record AbsenceRequest(
            @Schema(description = "ISO-8601 with an offset (2026-08-01T08:00+02:00), or without one in UTC; "
                    + "a time in the past means now") @NotNull String from,
            @Schema(description = "ISO-8601, after from and in the future") @NotNull String until,
            @Schema(description = "user name of a colleague in one of my customers and groups") @NotNull String deputy) {
    }

    @Operation(summary = "My running and coming absences, the running one first")
    @GetMapping
    List<AbsenceView> list(Actor actor) {
        return absences.planned(actor).stream().map(AbsenceView::of).toList();
    }

    @Operation(summary = "Plan an absence with a deputy; tasks assigned to me go to the deputy while it runs")
    @PostMapping
    ResponseEntity<AbsenceView> set(Actor actor, @Valid @RequestBody AbsenceRequest request) {
        Absence absence = absences.set(actor, request.from(), request.until(), request.deputy());
        return ResponseEntity.created(URI.create("/api/me/absences/" + absence.id())).body(AbsenceView.of(absence));
    }

    @Operation(summary = "End my running absence now, or call off a coming one; handed-over tasks stay with the "
            + "deputy")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> end(Actor actor, @PathVariable long id) {
        absences.end(actor, id);
        return ResponseEntity.noContent().build();
    }

}
