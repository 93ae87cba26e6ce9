package io.patchflow.ticketing;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.patchflow.change.ChangeId;
import io.patchflow.security.Actor;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.UnavailableException;

/** The change page's "link a ticket" form. */
@Controller
class TicketController {

    private final TicketService tickets;

    TicketController(TicketService tickets) {
        this.tickets = tickets;
    }

    @PostMapping("/changes/{id}/tickets")
    String linkTicket(Actor actor, @PathVariable String id, @RequestParam(required = false) String reference,
            RedirectAttributes redirect) {
        ChangeId change = ChangeId.parse(id);
        try {
            tickets.link(actor, change, reference);
            redirect.addFlashAttribute("notice", "Ticket " + reference + " linked.");
        }
        catch (InvalidInputException | ForbiddenException | UnavailableException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/changes/" + change;
    }

}
