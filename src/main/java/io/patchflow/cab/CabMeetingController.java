package io.patchflow.cab;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.patchflow.change.ChangeId;
import io.patchflow.security.Actor;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.InvalidInputException;

/**
 * The CAB meetings' pages: the list with a form to plan one, and a meeting (ADR 0040).
 */
@Controller
class CabMeetingController {

    static final String MEETINGS = "cab/meetings";

    static final String MEETING = "cab/meeting";

    private final CabMeetings meetings;

    CabMeetingController(CabMeetings meetings) {
        this.meetings = meetings;
    }

    @GetMapping("/cab-meetings")
    String list(Actor actor, Model model) {
        model.addAttribute("meetings", meetings.meetings(actor));
        model.addAttribute("mayChair", CabMeetings.CHAIR.allows(actor));
        model.addAttribute("customers", actor.sortedCustomerIds());
        return MEETINGS;
    }

    @PostMapping("/cab-meetings")
    String create(Actor actor, @RequestParam(required = false) String customerId,
            @RequestParam(required = false) String startsAt, @RequestParam(required = false) String cutOffAt,
            RedirectAttributes redirect) {
        try {
            CabMeeting meeting = meetings.create(actor, customerId, startsAt, cutOffAt);
            redirect.addFlashAttribute("notice", "CAB meeting " + meeting.id() + " planned for " + meeting.startsAt()
                    + "; its agenda freezes at " + meeting.cutOffAt() + ".");
            return "redirect:/cab-meetings/" + meeting.id();
        }
        catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", "Not planned: " + e.getMessage());
            return "redirect:/cab-meetings";
        }
    }

    @GetMapping("/cab-meetings/{id}")
    String meeting(Actor actor, @PathVariable long id, Model model) {
        Minutes minutes = meetings.minutes(actor, id);
        boolean chair = CabMeetings.CHAIR.allows(actor);
        model.addAttribute("minutes", minutes);
        model.addAttribute("meeting", minutes.meeting());
        model.addAttribute("mayChair", chair);
        model.addAttribute("voters", chair ? meetings.presentApprovers(actor, id) : java.util.List.of());
        model.addAttribute("colleagues", chair ? meetings.colleagues(actor, id) : java.util.List.of());
        return MEETING;
    }

    @PostMapping("/cab-meetings/{id}/attendees")
    String attend(Actor actor, @PathVariable long id, @RequestParam(required = false) String username,
            RedirectAttributes redirect) {
        try {
            meetings.addAttendee(actor, id, username);
            redirect.addFlashAttribute("notice", username + " is recorded as present.");
        }
        catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", "Not recorded: " + e.getMessage());
        }
        return "redirect:/cab-meetings/" + id;
    }

    @PostMapping("/cab-meetings/{id}/votes")
    String vote(Actor actor, @PathVariable long id, @RequestParam String changeId,
            @RequestParam(required = false) String voter, @RequestParam(required = false) String vote,
            @RequestParam(required = false) String comment, RedirectAttributes redirect) {
        try {
            Minutes.Item item = meetings.recordVote(actor, id, ChangeId.parse(changeId), voter, vote, comment);
            redirect.addFlashAttribute("notice",
                    "Vote of " + voter + " on " + item.changeId() + " recorded; the item is " + item.outcome() + ".");
        }
        catch (InvalidInputException | ConflictException e) {
            redirect.addFlashAttribute("error", "Not recorded: " + e.getMessage());
        }
        return "redirect:/cab-meetings/" + id;
    }

    @GetMapping("/cab-meetings/{id}/minutes.csv")
    ResponseEntity<String> csv(Actor actor, @PathVariable long id) {
        return CabMeetingApiController.download(id, MinutesCsv.of(meetings.minutes(actor, id)));
    }

}
