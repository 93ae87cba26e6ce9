package io.patchflow.schedule;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.security.Actor;
import io.patchflow.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The calendar feed's address and the iCalendar import, over the API. */
@Tag(name = "Schedule")
@RestController
class CalendarFeedApiController {

    private final CalendarFeeds feeds;

    private final CalendarImport imports;

    CalendarFeedApiController(CalendarFeeds feeds, CalendarImport imports) {
        this.feeds = feeds;
        this.imports = imports;
    }

    /** The address of a new feed, shown once. */
    record FeedAddress(String url) {
    }

    @Operation(summary = "A new secret address for your iCalendar feed (your customers' changes, windows and "
            + "blackouts); the address you had stops working. Shown once.")
    @PostMapping("/api/calendar-feed")
    @ResponseStatus(HttpStatus.CREATED)
    FeedAddress issueOverApi(Actor actor) {
        return new FeedAddress(CalendarFeedController.url(feeds.issue(actor)));
    }

    @Operation(summary = "Your iCalendar feed's address stops working")
    @DeleteMapping("/api/calendar-feed")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revokeOverApi(Actor actor) {
        if (!feeds.revoke(actor)) {
            throw new NotFoundException("you have no calendar feed");
        }
    }

    @Operation(summary = "Import a customer's maintenance windows (recurring events) or blackouts (single events, "
            + "kind HARD or SOFT) from an iCalendar file; all or nothing")
    @PostMapping(path = "/api/customers/{customerId}/calendar-import", consumes = "text/calendar")
    @ResponseStatus(HttpStatus.CREATED)
    CalendarImport.Imported importOverApi(Actor actor, @PathVariable String customerId, @RequestParam String content,
            @RequestParam(required = false) String kind, @RequestBody byte[] file) {
        return imports.importFile(actor, customerId, CalendarImport.Content.of(content), kind, file);
    }

}
