package io.patchflow.policy;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.patch.PatchType;
import io.patchflow.security.Actor;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/**
 * The policy page: a customer's SLA deadlines, ring plan, gate, backups, proposals and
 * standard templates.
 */
@Controller
class PolicyController {

    static final String VIEW = "policy/policy";

    private final Policies policies;

    private final Customers customers;

    PolicyController(Policies policies, Customers customers) {
        this.policies = policies;
        this.customers = customers;
    }

    @GetMapping("/policy")
    String show(Actor actor, @RequestParam(required = false) String customer, Model model) {
        List<Customer> mine = customers.findAll(actor.customerIds());
        String selected = customer != null && actor.canSee(customer) ? customer
                : mine.isEmpty() ? null : mine.get(0).id();
        model.addAttribute("customers", mine);
        model.addAttribute("customer", selected);
        model.addAttribute("patchTypes", PatchType.values());
        model.addAttribute("mayChange", Policies.CHANGE.allows(actor));
        if (selected != null) {
            model.addAttribute("view", policies.view(actor, selected));
        }
        return VIEW;
    }

    @PostMapping("/policy")
    String update(Actor actor, @RequestParam String customer, @RequestParam(required = false) String slaKnownExploited,
            @RequestParam(required = false) String slaCritical, @RequestParam(required = false) String slaHigh,
            @RequestParam(required = false) String slaMedium, @RequestParam(required = false) String slaLow,
            @RequestParam(required = false) String pilotSharePercent, @RequestParam(required = false) String bakeTime,
            @RequestParam(required = false) String gateThreshold,
            @RequestParam(defaultValue = "false") boolean backupAllChanges,
            @RequestParam(defaultValue = "false") boolean proposalsEnabled,
            @RequestParam(required = false) String bulkApprovalLimit, RedirectAttributes redirect) {
        try {
            policies.update(actor, customer, new PolicySpec(slaKnownExploited, slaCritical, slaHigh, slaMedium, slaLow,
                    integer("pilotSharePercent", pilotSharePercent), bakeTime, decimal("gateThreshold", gateThreshold),
                    backupAllChanges, proposalsEnabled, integer("bulkApprovalLimit", bulkApprovalLimit)));
            redirect.addFlashAttribute("notice", "Policy saved.");
        }
        catch (InvalidInputException | ForbiddenException | NotFoundException e) {
            redirect.addFlashAttribute("error", "Policy not saved: " + e.getMessage());
        }
        // a known customer id back into the redirect, never raw input
        actor.visibleCustomer(customer).ifPresent(c -> redirect.addAttribute("customer", c));
        return "redirect:/policy";
    }

    @PostMapping("/policy/templates")
    String createTemplate(Actor actor, @RequestParam String customer, @RequestParam(required = false) String name,
            @RequestParam(required = false) List<String> patchTypes,
            @RequestParam(required = false) String maxCriticality,
            @RequestParam(defaultValue = "false") boolean rebootAllowed,
            @RequestParam(required = false) String assetTag, RedirectAttributes redirect) {
        try {
            StandardTemplate created = policies.createTemplate(actor, customer, new TemplateSpec(name,
                    patchTypes == null ? List.of() : patchTypes, maxCriticality, rebootAllowed, assetTag));
            redirect.addFlashAttribute("notice", "Template '" + created.name() + "' added.");
        }
        catch (InvalidInputException | ForbiddenException | NotFoundException e) {
            redirect.addFlashAttribute("error", "Template not added: " + e.getMessage());
        }
        // a known customer id back into the redirect, never raw input
        actor.visibleCustomer(customer).ifPresent(c -> redirect.addAttribute("customer", c));
        return "redirect:/policy";
    }

    @PostMapping("/policy/templates/delete")
    String deleteTemplate(Actor actor, @RequestParam String customer, @RequestParam long id,
            RedirectAttributes redirect) {
        try {
            policies.deleteTemplate(actor, customer, id);
            redirect.addFlashAttribute("notice", "Template removed.");
        }
        catch (ForbiddenException | NotFoundException e) {
            redirect.addFlashAttribute("error", "Template not removed: " + e.getMessage());
        }
        // a known customer id back into the redirect, never raw input
        actor.visibleCustomer(customer).ifPresent(c -> redirect.addAttribute("customer", c));
        return "redirect:/policy";
    }

    private static Integer integer(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        }
        catch (NumberFormatException e) {
            throw new InvalidInputException(field, field + " '" + text + "' is not a whole number");
        }
    }

    private static BigDecimal decimal(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.strip());
        }
        catch (NumberFormatException e) {
            throw new InvalidInputException(field, field + " '" + text + "' is not a number");
        }
    }

}
