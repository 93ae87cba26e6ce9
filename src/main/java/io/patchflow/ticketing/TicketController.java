package io.patchflow.ticketing;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeService;
import io.patchflow.security.Actor;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.shared.UnavailableException;

/**
 * The service desk's ticket pages (find changes by ticket, a ticket with its changes and
 * notes, a new change from a ticket) and the change page's forms that link and unlink
 * tickets.
 */
@Controller
class TicketController {

    static final String SEARCH = "ticketing/search";

    static final String TICKET = "ticketing/ticket";

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

    /**
     * Unlinks a ticket from the change page. Another customer's change or ticket is not
     * found (404); a refusal or a missing reason comes back to the change page.
     */
    @PostMapping("/changes/{id}/tickets/{ticketId}/unlink")
    String unlinkTicket(Actor actor, @PathVariable String id, @PathVariable String ticketId,
            @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        ChangeId change = ChangeId.parse(id);
        try {
            tickets.unlink(actor, change, ticketId(ticketId), reason);
            redirect.addFlashAttribute("notice", "Ticket unlinked; it hears no more of " + change + ".");
        }
        catch (InvalidInputException | ForbiddenException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/changes/" + change;
    }

    /** Find changes by ticket: the tickets of the user's customers with a reference. */
    @GetMapping("/tickets")
    String search(Actor actor, @RequestParam(required = false) String reference, Model model) {
        model.addAttribute("reference", reference);
        if (reference != null) {
            try {
                model.addAttribute("found", tickets.find(actor, reference));
            }
            catch (InvalidInputException e) {
                model.addAttribute("error", e.getMessage());
            }
        }
        return SEARCH;
    }

    @GetMapping("/tickets/{id}")
    String ticket(Actor actor, @PathVariable String id, Model model) {
        model.addAttribute("view", tickets.ticket(actor, ticketId(id)));
        // the rule ChangeService enforces when the prefilled form is submitted
        model.addAttribute("maySubmit", ChangeService.SUBMIT.allows(actor));
        model.addAttribute("submitRefusal", ChangeService.SUBMIT.refusal());
        return TICKET;
    }

    /**
     * "Create change from ticket": the new-change page, filled from the ticket. The draft
     * travels in the address (a title, a reference and a few asset ids), so the page can
     * be reloaded and nothing is kept in the session but the notice.
     */
    @GetMapping("/tickets/{id}/new-change")
    String newChange(Actor actor, @PathVariable String id, RedirectAttributes redirect) {
        ChangeDraft draft = tickets.draft(actor, ticketId(id));
        UriComponentsBuilder to = UriComponentsBuilder.fromPath("/changes/new")
            .queryParam("customer", draft.customerId())
            .queryParam("title", draft.title())
            .queryParam("ticketReference", draft.ticketReference());
        draft.assetIds().forEach(a -> to.queryParam("assetIds", a));
        String assets = draft.hostnames().isEmpty() ? "it names none of the customer's assets"
                : "the assets it names are selected: " + String.join(", ", draft.hostnames());
        redirect.addFlashAttribute("notice", "Filled from ticket " + draft.ticketReference() + ": " + assets
                + ". Choose the patches; the change is linked to the ticket when you submit it.");
        if (draft.unavailable() != null) {
            redirect.addFlashAttribute("error", "Only the stored title was used: " + draft.unavailable() + ".");
        }
        return "redirect:" + to.encode().build().toUriString();
    }

    static long ticketId(String id) {
        try {
            long value = Long.parseLong(id);
            if (value > 0) {
                return value;
            }
        }
        catch (NumberFormatException e) {
            // fall through
        }
        throw new NotFoundException("no ticket " + id);
    }

}
