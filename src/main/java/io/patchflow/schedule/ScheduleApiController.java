package io.patchflow.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.change.ChangeId;
import io.patchflow.security.Actor;
import io.patchflow.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Schedule", description = "Blackouts, the calendar, and the next free slot for a change")
@RestController
@RequestMapping("/api")
class ScheduleApiController {

    private final Blackouts blackouts;

    private final CalendarService calendar;

    ScheduleApiController(Blackouts blackouts, CalendarService calendar) {
        this.blackouts = blackouts;
        this.calendar = calendar;
    }

    @Operation(
            summary = "Blackouts of your customers and global ones overlapping [from, to) (default: the next 62 days)")
    @GetMapping("/blackouts")
    List<Blackout> list(Actor actor,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to) {
        Instant start = from == null ? Instant.now() : from.toInstant();
        return blackouts.visible(actor, start, to == null ? start.plus(62, ChronoUnit.DAYS) : to.toInstant());
    }

    @Operation(
            summary = "Declare a blackout: kind HARD (no deployment) or SOFT (only with a change manager's approval); "
                    + "without customerId it applies to every customer (administrators only). The answer names the changes already "
                    + "scheduled within it.")
    @PostMapping("/blackouts")
    @ResponseStatus(HttpStatus.CREATED)
    Blackouts.Declared declare(Actor actor, @RequestBody(required = false) BlackoutSpec spec) {
        return blackouts.declare(actor, spec);
    }

    @Operation(summary = "End a running blackout now, or withdraw one that has not begun")
    @DeleteMapping("/blackouts/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void end(Actor actor, @PathVariable long id) {
        blackouts.end(actor, id);
    }

    @Operation(summary = "A customer's calendar: window openings, blackouts, scheduled changes and their conflicts "
            + "from (default now) for days (default 14, at most 62)")
    @GetMapping("/customers/{customerId}/calendar")
    Calendar calendar(Actor actor, @PathVariable String customerId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
            @Parameter(description = "How many days, 1 to 62 (default 14)") @RequestParam(
                    defaultValue = "14") int days) {
        if (days < 1) {
            throw new InvalidInputException("days", "the calendar shows 1 to 62 days");
        }
        return calendar.calendar(actor, customerId,
                from == null ? Instant.now().truncatedTo(ChronoUnit.HOURS) : from.toInstant(), Duration.ofDays(days));
    }

    @Operation(
            summary = "The earliest slot in which all the change's windows are open, outside blackouts and other changes "
                    + "on the same assets; a suggestion, nothing is booked")
    @GetMapping("/changes/{id}/next-free-slot")
    CalendarService.NextFreeSlot nextFreeSlot(Actor actor, @PathVariable String id) {
        return calendar.nextFreeSlot(actor, ChangeId.parse(id));
    }

}
