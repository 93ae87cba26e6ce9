package io.patchflow.cab;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.change.ChangeId;
import io.patchflow.security.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

@Tag(name = "CAB meetings",
        description = "Meetings of a customer's change advisory board: a frozen agenda, "
                + "votes recorded per item, minutes (ADR 0040)")
@RestController
@RequestMapping("/api/cab-meetings")
class CabMeetingApiController {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final CabMeetings meetings;

    CabMeetingApiController(CabMeetings meetings) {
        this.meetings = meetings;
    }

    record MeetingRequest(@Schema(description = "the customer whose board meets") @NotNull String customerId, @Schema(
            description = "ISO-8601 with an offset, or without one in UTC; in the future") @NotNull String startsAt,
            @Schema(description = "when the agenda freezes; before startsAt and in the future; "
                    + "default 24 hours before startsAt") String cutOffAt) {
    }

    record AttendeeRequest(
            @Schema(description = "user name of a colleague of the meeting's customer") @NotNull String username) {
    }

    record VoteRequest(@Schema(description = "CHG-<n> of an item on the frozen agenda") @NotNull String changeId,
            @Schema(description = "user name of a present approver; the vote is theirs") @NotNull String voter,
            @Schema(description = "approve, reject or needs-info") @NotNull String vote,
            @Schema(description = "required with reject and needs-info, none with approve") String comment) {
    }

    @Operation(summary = "The meetings of my customers, the latest first")
    @GetMapping
    List<CabMeeting> list(Actor actor) {
        return meetings.meetings(actor);
    }

    @Operation(summary = "Plan a meeting (change managers and administrators)")
    @PostMapping
    ResponseEntity<CabMeeting> create(Actor actor, @Valid @RequestBody MeetingRequest request) {
        CabMeeting meeting = meetings.create(actor, request.customerId(), request.startsAt(), request.cutOffAt());
        return ResponseEntity.created(URI.create("/api/cab-meetings/" + meeting.id())).body(meeting);
    }

    @Operation(summary = "The meeting's minutes: attendees, and per agenda item its votes and outcome")
    @GetMapping("/{id}")
    Minutes minutes(Actor actor, @PathVariable long id) {
        return meetings.minutes(actor, id);
    }

    @Operation(summary = "Record a person as present (the chair)")
    @PostMapping("/{id}/attendees")
    Minutes attend(Actor actor, @PathVariable long id, @Valid @RequestBody AttendeeRequest request) {
        meetings.addAttendee(actor, id, request.username());
        return meetings.minutes(actor, id);
    }

    @Operation(summary = "Record a present approver's vote on an agenda item (the chair)",
            description = "The vote is the voter's CAB seat decision, completed as the voter: the four-eyes rule "
                    + "applies to the voter. The trail says the chair recorded it in this meeting.")
    @PostMapping("/{id}/votes")
    Minutes.Item vote(Actor actor, @PathVariable long id, @Valid @RequestBody VoteRequest request) {
        return meetings.recordVote(actor, id, ChangeId.parse(request.changeId()), request.voter(), request.vote(),
                request.comment());
    }

    @Operation(summary = "The minutes as CSV",
            description = "Header row, then one row per attendee, per vote and per item's outcome (column row). "
                    + "A cell that begins with = + - @ is prefixed with a single quote.")
    @GetMapping("/{id}/minutes.csv")
    ResponseEntity<String> csv(Actor actor, @PathVariable long id) {
        return download(id, MinutesCsv.of(meetings.minutes(actor, id)));
    }

    static ResponseEntity<String> download(long id, String csv) {
        return ResponseEntity.ok()
            .contentType(CSV)
            .header(HttpHeaders.CONTENT_DISPOSITION,
                    ContentDisposition.attachment().filename("cab-meeting-" + id + "-minutes.csv").build().toString())
            .cacheControl(CacheControl.noStore())
            .body(csv);
    }

}
