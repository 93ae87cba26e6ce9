package io.patchflow.changeview;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.patchflow.change.ChangeId;
import io.patchflow.security.Actor;
import io.patchflow.ticketing.TicketService;

/** The change page. */
@Controller
class ChangeDetailsController {

    static final String DETAIL = "changeview/detail";

    private final ChangeDetailsService details;

    ChangeDetailsController(ChangeDetailsService details) {
        this.details = details;
    }

    @GetMapping("/changes/{id}")
    String detail(Actor actor, @PathVariable String id, Model model) {
        model.addAttribute("details", details.details(actor, ChangeId.parse(id)));
        // the rule TicketService enforces when the form is posted
        model.addAttribute("mayLinkTicket", TicketService.LINK.allows(actor));
        model.addAttribute("linkRefusal", TicketService.LINK.refusal());
        return DETAIL;
    }

    /**
     * The change's history as a CSV download, with the session of the pages; the API has
     * the same under /api.
     */
    @GetMapping("/changes/{id}/history.csv")
    ResponseEntity<String> history(Actor actor, @PathVariable String id) {
        ChangeId changeId = ChangeId.parse(id);
        return HistoryDownload.of(changeId, details.historyCsv(actor, changeId));
    }

}
