package io.patchflow.inventory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.security.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Maintenance windows",
        description = "Recurring windows in the site's time zone, as RFC 5545 recurrence rules")
@RestController
@RequestMapping("/api")
class WindowApiController {

    private final MaintenanceWindows windows;

    WindowApiController(MaintenanceWindows windows) {
        this.windows = windows;
    }

    @Operation(summary = "The customer's maintenance windows with their next opening")
    @GetMapping("/customers/{customerId}/windows")
    List<MaintenanceWindows.WindowView> list(Actor actor, @PathVariable String customerId) {
        return windows.ofCustomer(actor, customerId);
    }

    @Operation(
            summary = "Define a window (change manager, administrator). Example, Patch Tuesday + 4 days 22:00-02:00 Berlin: "
                    + "{\"name\":\"PT+4\",\"timeZone\":\"Europe/Berlin\",\"recurrence\":\"FREQ=MONTHLY;BYDAY=2TU\",\"offsetDays\":4,"
                    + "\"start\":\"22:00\",\"durationMinutes\":240}")
    @PostMapping("/customers/{customerId}/windows")
    @ResponseStatus(HttpStatus.CREATED)
    MaintenanceWindows.WindowView create(Actor actor, @PathVariable String customerId,
            @RequestBody(required = false) WindowSpec spec) {
        return windows.create(actor, customerId, spec);
    }

    @Operation(
            summary = "When the window opens between from (default now) and to (default from + 31 days; at most 62 days)")
    @GetMapping("/windows/{windowId}/openings")
    List<MaintenanceWindow.Opening> openings(Actor actor, @PathVariable long windowId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to) {
        Instant start = from == null ? Instant.now().truncatedTo(ChronoUnit.MINUTES) : from.toInstant();
        Instant end = to == null ? start.plus(31, ChronoUnit.DAYS) : to.toInstant();
        return windows.openings(actor, windowId, start, end);
    }

}
