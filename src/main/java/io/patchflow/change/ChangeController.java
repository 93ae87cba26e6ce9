package io.patchflow.change;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.inventory.Inventory;
import io.patchflow.patch.PatchCatalog;
import io.patchflow.security.Actor;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.Page;

@Controller
class ChangeController {

    static final String LIST = "change/list";
    static final String NEW = "change/new";

    static final int PAGE_SIZE = 25;

    private final ChangeService changes;

    private final ChangeProcess process;

    private final Customers customers;

    private final Inventory inventory;

    private final PatchCatalog patches;

    ChangeController(ChangeService changes, ChangeProcess process, Customers customers, Inventory inventory,
            PatchCatalog patches) {
        this.changes = changes;
        this.process = process;
        this.customers = customers;
        this.inventory = inventory;
        this.patches = patches;
    }

    /** The change list's filters, as its GET form and links send them. */
    record Filters(String q, String customer, String ticket, String asset, String cve, String status, String outcome,
            String from, String to, Integer page) {

        ChangeQuery query() {
            return ChangeQuery.of(q, customer, ticket, asset, cve, status, outcome, from, to, page == null ? 0 : page,
                    PAGE_SIZE);
        }

    }

    @GetMapping("/changes")
    String list(Actor actor, @ModelAttribute Filters filters, BindingResult binding, Model model) {
        ChangeQuery query = ChangeQuery.firstPage(PAGE_SIZE);
        Page<ChangeRequest> found = null;
        try {
            if (binding.hasFieldErrors("page")) {
                throw new InvalidInputException("page", "page must be 0 or more");
            }
            query = filters.query();
            found = changes.list(actor, query);
        }
        catch (InvalidInputException e) {
            // the page says what is wrong and keeps what was typed, instead of an error
            // page
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errorField", e.field());
        }
        model.addAttribute("filters", filters);
        model.addAttribute("query", query);
        model.addAttribute("changes", found == null ? new Page<ChangeRequest>(List.of(), 0, PAGE_SIZE, 0) : found);
        model.addAttribute("customers", customers.findAll(actor.customerIds()));
        model.addAttribute("statuses", ChangeStatus.values());
        model.addAttribute("outcomes", ChangeOutcome.values());
        return LIST;
    }

    /**
     * The new-change form; {@code title}, {@code ticketReference} and {@code assetIds}
     * fill it in (the ticket page's "Create change from ticket" sends them). Nothing is
     * submitted until the person presses the button, and an asset of another customer is
     * simply not shown.
     */
    @GetMapping("/changes/new")
    String newChange(Actor actor, @RequestParam(required = false) String customer,
            @RequestParam(required = false) String title, @RequestParam(required = false) String ticketReference,
            @RequestParam(required = false) List<Long> assetIds, Model model) {
        newChange(actor, customer, model);
        if (title != null || ticketReference != null || assetIds != null) {
            model.addAttribute("form", new Form(title, null, null, assetIds, null, false, ticketReference));
        }
        return NEW;
    }

    private String newChange(Actor actor, String customer, Model model) {
        List<Customer> mine = customers.findAll(actor.customerIds());
        String selected = customer != null && actor.canSee(customer) ? customer
                : mine.isEmpty() ? null : mine.get(0).id();
        model.addAttribute("customers", mine);
        model.addAttribute("customer", selected);
        model.addAttribute("maySubmit", ChangeService.SUBMIT.allows(actor));
        model.addAttribute("submitRefusal", ChangeService.SUBMIT.refusal());
        model.addAttribute("assets", selected == null ? List.of() : inventory.assetsOfCustomer(selected, 0, 500));
        model.addAttribute("patches", patches.page(0, 200));
        return NEW;
    }

    @PostMapping("/changes")
    String submit(Actor actor, @RequestParam String customerId, @RequestParam String title,
            @RequestParam(required = false) String description, @RequestParam(required = false) List<Long> patchIds,
            @RequestParam(required = false) List<Long> assetIds, @RequestParam(required = false) String requestedStart,
            @RequestParam(defaultValue = "false") boolean emergency,
            @RequestParam(required = false) String ticketReference, Model model) {
        try {
            ChangeRequest change = changes.submit(actor,
                    new SubmitChange(customerId, title, description, patchIds, assetIds, localTime(requestedStart),
                            emergency, ticketReference == null || ticketReference.isBlank() ? null : ticketReference));
            return "redirect:/changes/" + change.id();
        }
        catch (InvalidInputException e) {
            newChange(actor, customerId, model);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errorField", e.field());
            model.addAttribute("form",
                    new Form(title, description, patchIds, assetIds, requestedStart, emergency, ticketReference));
            return NEW;
        }
    }

    record Form(String title, String description, List<Long> patchIds, List<Long> assetIds, String requestedStart,
            boolean emergency, String ticketReference) {
    }

    @GetMapping(value = "/changes/{id}/diagram", produces = MediaType.APPLICATION_XML_VALUE)
    @ResponseBody
    String diagram(Actor actor, @PathVariable String id) {
        return process.diagram(changes.get(actor, ChangeId.parse(id)));
    }

    @PostMapping("/changes/{id}/cancel")
    String cancel(Actor actor, @PathVariable String id, @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        try {
            changes.cancel(actor, ChangeId.parse(id), reason);
            redirect.addFlashAttribute("notice", "The change was cancelled.");
        }
        catch (InvalidInputException | ConflictException | ForbiddenException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/changes/" + ChangeId.parse(id);
    }

    /** The browser sends a local date-time without zone; the page says it is UTC. */
    private static OffsetDateTime localTime(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).atOffset(ZoneOffset.UTC);
        }
        catch (DateTimeParseException e) {
            throw new InvalidInputException("requestedStart",
                    "requestedStart is a date and time like 2026-12-01T22:00");
        }
    }

}
