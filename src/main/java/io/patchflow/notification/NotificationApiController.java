package io.patchflow.notification;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.security.Actor;
import io.patchflow.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Notifications", description = "Your notification preferences and a customer's notification settings")
@RestController
@RequestMapping("/api")
class NotificationApiController {

    private final NotificationPreferences preferences;

    private final CustomerNotifications customerSettings;

    NotificationApiController(NotificationPreferences preferences, CustomerNotifications customerSettings) {
        this.preferences = preferences;
        this.customerSettings = customerSettings;
    }

    @Operation(summary = "How you receive each kind of notification: IMMEDIATE, DIGEST or OFF")
    @GetMapping("/notification-preferences")
    Map<NotificationEvent, Delivery> preferences(Actor actor) {
        return preferences.of(actor);
    }

    @Operation(summary = "Changes how you receive the kinds of notification named; the others keep theirs")
    @PutMapping("/notification-preferences")
    Map<NotificationEvent, Delivery> update(Actor actor, @RequestBody(required = false) Map<String, String> choices) {
        if (choices == null) {
            throw new InvalidInputException("body", "a JSON object of kinds to IMMEDIATE, DIGEST or OFF is required");
        }
        return preferences.update(actor, choices);
    }

    @Operation(summary = "A customer's contacts, advance notice of maintenance windows and chat webhook")
    @GetMapping("/customers/{customerId}/notification-settings")
    CustomerNotificationSettings customer(Actor actor, @PathVariable String customerId) {
        return customerSettings.get(actor, customerId);
    }

    @Operation(summary = "Replaces a customer's notification settings (change managers and administrators)")
    @PutMapping("/customers/{customerId}/notification-settings")
    CustomerNotificationSettings updateCustomer(Actor actor, @PathVariable String customerId,
            @RequestBody(required = false) CustomerSettingsSpec spec) {
        if (spec == null) {
            throw new InvalidInputException("body", "a JSON object with contacts, advanceNoticeHours, webhookUrl");
        }
        return customerSettings.save(actor, customerId, spec.contacts(), spec.advanceNoticeHours(), spec.webhookUrl());
    }

    /** The body of a change to a customer's settings. */
    record CustomerSettingsSpec(List<String> contacts, Integer advanceNoticeHours, String webhookUrl) {
    }

}
