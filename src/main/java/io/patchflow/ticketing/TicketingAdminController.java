package io.patchflow.ticketing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.security.Actor;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.shared.UnavailableException;

/**
 * The admin's ticketing page: which system each customer's tickets live in, how to reach
 * it, and a try of the saved connection. Secrets are typed, never shown back.
 */
@Controller
class TicketingAdminController {

    static final String VIEW = "ticketing/admin";

    private final TicketingAdministration administration;

    private final Customers customers;

    TicketingAdminController(TicketingAdministration administration, Customers customers) {
        this.administration = administration;
        this.customers = customers;
    }

    @GetMapping("/admin/ticketing")
    String show(Actor actor, @RequestParam(required = false) String customer,
            @RequestParam(required = false) String system, Model model) {
        List<ConnectionView> connections = administration.list(actor);
        List<Customer> mine = customers.findAll(actor.customerIds());
        model.addAttribute("connections", connections);
        model.addAttribute("customers", mine);
        model.addAttribute("systems", administration.systems());
        ConnectionView editing = connections.stream()
            .filter(c -> c.customerId().equals(customer) && c.system().equals(system))
            .findFirst()
            .orElse(null);
        model.addAttribute("editing", editing);
        if (!model.containsAttribute("form")) { // a refused save brings back what was
                                                // typed
            model.addAttribute("form", editing == null ? Form.EMPTY : new Form(editing.customerId(), editing.system(),
                    editing.baseUrl(), editing.username(), settingsText(editing.settings()), editing.active()));
        }
        return VIEW;
    }

    /**
     * The form's fields as typed or saved; never the secrets.
     */
    record Form(String customer, String system, String baseUrl, String username, String settings, boolean active) {

        static final Form EMPTY = new Form(null, null, null, null, "", true);

    }

    @PostMapping("/admin/ticketing")
    String save(Actor actor, @RequestParam String customer, @RequestParam String system,
            @RequestParam(required = false) String baseUrl, @RequestParam(required = false) String username,
            @RequestParam(required = false) String secret, @RequestParam(required = false) String settings,
            @RequestParam(required = false) String webhookSecret,
            @RequestParam(defaultValue = "false") boolean removeWebhookSecret,
            @RequestParam(defaultValue = "false") boolean active, RedirectAttributes redirect) {
        try {
            String webhook = removeWebhookSecret ? ""
                    : (webhookSecret == null || webhookSecret.isEmpty() ? null : webhookSecret);
            administration.save(actor, customer, system,
                    new ConnectionSpec(baseUrl, username, secret, parseSettings(settings), webhook, active));
            redirect.addFlashAttribute("notice", "Saved the " + system + " connection of " + customer
                    + ". Its secrets are stored sealed and are not shown again.");
        }
        catch (InvalidInputException | ForbiddenException | NotFoundException e) {
            redirect.addFlashAttribute("error", "Not saved: " + e.getMessage()
                    + (secret == null || secret.isEmpty() ? "" : " (type the secret again: it is not kept)"));
            redirect.addFlashAttribute("form", new Form(customer, system, baseUrl, username, settings, active));
            // known values only back into the address, never raw input
            if (actor.canSee(customer) && administration.systems().contains(system)) {
                redirect.addAttribute("customer", customer).addAttribute("system", system);
            }
        }
        return "redirect:/admin/ticketing";
    }

    @PostMapping("/admin/ticketing/delete")
    String delete(Actor actor, @RequestParam String customer, @RequestParam String system,
            RedirectAttributes redirect) {
        try {
            administration.delete(actor, customer, system);
            redirect.addFlashAttribute("notice", "Removed the " + system + " connection of " + customer + ".");
        }
        catch (ForbiddenException | NotFoundException e) {
            redirect.addFlashAttribute("error", "Not removed: " + e.getMessage());
        }
        return "redirect:/admin/ticketing";
    }

    @PostMapping("/admin/ticketing/test")
    String test(Actor actor, @RequestParam String customer, @RequestParam String system,
            @RequestParam(required = false) String reference, RedirectAttributes redirect) {
        try {
            TicketDetails ticket = administration.tryConnection(actor, customer, system, reference);
            redirect.addFlashAttribute("notice", system + " answered for " + ticket.reference() + ": \""
                    + ticket.title() + "\", status " + ticket.status() + ".");
        }
        catch (InvalidInputException | ForbiddenException | NotFoundException | UnavailableException e) {
            redirect.addFlashAttribute("error", "The try failed: " + e.getMessage());
        }
        return "redirect:/admin/ticketing";
    }

    /** Settings as the form holds them: one {@code name=value} per line. */
    static Map<String, String> parseSettings(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (text == null) {
            return settings;
        }
        int line = 0;
        for (String raw : text.split("\\r?\\n")) {
            line++;
            if (raw.isBlank() || raw.strip().startsWith("#")) {
                continue;
            }
            int eq = raw.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException("settings", "line " + line + " of the settings is not name=value");
            }
            settings.put(raw.substring(0, eq).strip(), raw.substring(eq + 1).strip());
        }
        return settings;
    }

    static String settingsText(Map<String, String> settings) {
        StringBuilder text = new StringBuilder();
        settings.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return text.toString();
    }

}
