package io.patchflow.notification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.security.Actor;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/**
 * The notification settings page: the person's own choices and latest notifications, and,
 * for change managers and administrators, each of their customers' contacts, notice
 * period and webhook.
 */
@Controller
class NotificationController {

    static final String VIEW = "notification/settings";

    static final String PATH = "/settings/notifications";

    private final NotificationPreferences preferences;

    private final CustomerNotifications customerSettings;

    private final Customers customers;

    NotificationController(NotificationPreferences preferences, CustomerNotifications customerSettings,
            Customers customers) {
        this.preferences = preferences;
        this.customerSettings = customerSettings;
        this.customers = customers;
    }

    @GetMapping(PATH)
    String show(Actor actor, Model model) {
        model.addAttribute("choices", preferences.of(actor));
        model.addAttribute("deliveries", Delivery.values());
        model.addAttribute("recent", preferences.recent(actor));
        List<Customer> mine = CustomerNotifications.mayEdit(actor) ? customers.findAll(actor.customerIds()) : List.of();
        Map<Customer, CustomerNotificationSettings> settings = new LinkedHashMap<>();
        mine.forEach(customer -> settings.put(customer, customerSettings.get(actor, customer.id())));
        model.addAttribute("customerSettings", settings);
        return VIEW;
    }

    @PostMapping(PATH)
    String update(Actor actor, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        Map<String, String> choices = new LinkedHashMap<>(form);
        choices.remove("_csrf");
        try {
            preferences.update(actor, choices);
            redirect.addFlashAttribute("notice", "Your notification settings are saved.");
        }
        catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", "Nothing saved: " + e.field() + " " + e.getMessage());
        }
        return "redirect:" + PATH;
    }

    @PostMapping(PATH + "/customers/{customerId}")
    String updateCustomer(Actor actor, @PathVariable String customerId,
            @RequestParam(defaultValue = "") String contacts,
            @RequestParam(required = false) Integer advanceNoticeHours,
            @RequestParam(required = false) String webhookUrl, RedirectAttributes redirect) {
        try {
            customerSettings.save(actor, customerId, List.of(contacts.split("[,;\\s]+")), advanceNoticeHours,
                    webhookUrl);
            redirect.addFlashAttribute("notice", "The customer's notification settings are saved.");
        }
        catch (InvalidInputException | ForbiddenException | NotFoundException e) {
            redirect.addFlashAttribute("error", "Nothing saved: " + e.getMessage());
        }
        return "redirect:" + PATH;
    }

}
