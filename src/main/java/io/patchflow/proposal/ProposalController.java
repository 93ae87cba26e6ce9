package io.patchflow.proposal;

import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.patchflow.change.ChangeRequest;
import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.security.Actor;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/** The proposals page: what Patchflow suggests patching next, soonest deadline first. */
@Controller
class ProposalController {

    static final String VIEW = "proposal/proposals";

    private final ProposalService proposals;

    private final Customers customers;

    ProposalController(ProposalService proposals, Customers customers) {
        this.proposals = proposals;
        this.customers = customers;
    }

    @GetMapping("/proposals")
    String list(Actor actor, @RequestParam(defaultValue = "OPEN") String status,
            @RequestParam(defaultValue = "0") int page, Model model) {
        ProposalStatus shown;
        try {
            shown = ProposalApiController.status(status);
        }
        catch (InvalidInputException e) {
            shown = ProposalStatus.OPEN;
        }
        Map<String, String> names = customers.findAll(actor.customerIds())
            .stream()
            .collect(Collectors.toMap(Customer::id, Customer::name, (a, b) -> a));
        model.addAttribute("status", shown);
        model.addAttribute("statuses", ProposalStatus.values());
        model.addAttribute("proposals", proposals.list(actor, shown, page, 50));
        model.addAttribute("customerNames", names);
        model.addAttribute("mayDecide", ProposalService.DECIDE.allows(actor));
        return VIEW;
    }

    @PostMapping("/proposals/{id}/accept")
    String accept(Actor actor, @PathVariable long id, RedirectAttributes redirect) {
        try {
            ChangeRequest change = proposals.accept(actor, id);
            redirect.addFlashAttribute("notice", "Proposal " + id + " accepted: " + change.id() + " submitted.");
            return "redirect:/changes/" + change.id();
        }
        catch (InvalidInputException | ForbiddenException | NotFoundException | ConflictException e) {
            redirect.addFlashAttribute("error", "Proposal " + id + " not accepted: " + e.getMessage());
            return "redirect:/proposals";
        }
    }

    @PostMapping("/proposals/{id}/dismiss")
    String dismiss(Actor actor, @PathVariable long id, @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        try {
            proposals.dismiss(actor, id, reason);
            redirect.addFlashAttribute("notice", "Proposal " + id + " dismissed.");
        }
        catch (InvalidInputException | ForbiddenException | NotFoundException | ConflictException e) {
            redirect.addFlashAttribute("error", "Proposal " + id + " not dismissed: " + e.getMessage());
        }
        return "redirect:/proposals";
    }

}
