package io.patchflow.notification;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.customer.Customers;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * A customer's notification settings: its contacts for maintenance-window notices, how
 * far ahead, and its chat webhook. Read and changed by the customer's change managers and
 * administrators; another customer is "not found".
 */
@Service
public class CustomerNotifications {

    static final int MAX_CONTACTS = 20;

    static final int MAX_NOTICE_HOURS = 14 * 24;

    private final CustomerSettingsRepository settings;

    private final Customers customers;

    private final NotificationSettings config;

    CustomerNotifications(CustomerSettingsRepository settings, Customers customers, NotificationSettings config) {
        this.settings = settings;
        this.customers = customers;
        this.config = config;
    }

    /** Whether this person may see and change the customer's settings (the page asks). */
    public static boolean mayEdit(Actor actor) {
        return actor.hasAny(Role.CHANGE_MANAGER, Role.ADMIN);
    }

    public CustomerNotificationSettings get(Actor actor, String customerId) {
        check(actor, customerId);
        return settings.find(customerId).orElseGet(() -> CustomerNotificationSettings.defaults(customerId));
    }

    @Transactional
    public CustomerNotificationSettings save(Actor actor, String customerId, List<String> contacts,
            Integer advanceNoticeHours, String webhookUrl) {
        check(actor, customerId);
        CustomerNotificationSettings checked = new CustomerNotificationSettings(customerId,
                contacts(contacts == null ? List.of() : contacts), hours(advanceNoticeHours == null
                        ? CustomerNotificationSettings.DEFAULT_ADVANCE_NOTICE_HOURS : advanceNoticeHours),
                webhook(webhookUrl));
        settings.save(checked, actor.username(), Instant.now());
        return checked;
    }

    private void check(Actor actor, String customerId) {
        if (!actor.canSee(customerId) || customers.find(customerId).isEmpty()) {
            throw new NotFoundException("no customer " + customerId);
        }
        if (!mayEdit(actor)) {
            throw new ForbiddenException("only change managers and administrators manage a customer's notifications");
        }
    }

    private static List<String> contacts(List<String> given) {
        List<String> addresses = new ArrayList<>();
        for (String raw : given) {
            String address = raw == null ? "" : raw.trim();
            if (address.isEmpty()) {
                continue;
            }
            try {
                InternetAddress parsed = new InternetAddress(address, true);
                if (parsed.getPersonal() != null || !address.equals(parsed.getAddress()) || !address.contains("@")
                        || address.contains(",")) {
                    throw new AddressException("not a bare address");
                }
            }
            catch (AddressException e) {
                throw new InvalidInputException("contacts",
                        "'" + address + "' is not a mail address like ops@example.com");
            }
            if (!addresses.contains(address)) {
                addresses.add(address);
            }
        }
        if (addresses.size() > MAX_CONTACTS) {
            throw new InvalidInputException("contacts", "at most " + MAX_CONTACTS + " contacts");
        }
        return addresses;
    }

    private static int hours(int hours) {
        if (hours < 1 || hours > MAX_NOTICE_HOURS) {
            throw new InvalidInputException("advanceNoticeHours",
                    "advance notice is 1 to " + MAX_NOTICE_HOURS + " hours, was " + hours);
        }
        return hours;
    }

    private String webhook(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String url = raw.trim();
        URI uri;
        try {
            uri = new URI(url);
        }
        catch (URISyntaxException e) {
            throw new InvalidInputException("webhookUrl", "not an address");
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean http = "http".equalsIgnoreCase(uri.getScheme()) && config.allowHttpWebhooks();
        if (!(https || http) || uri.getHost() == null || uri.getUserInfo() != null || url.length() > 500) {
            throw new InvalidInputException("webhookUrl",
                    "the webhook must be an https address (at most 500 characters, no user name in it)");
        }
        String refused = config.allowPrivateWebhooks() ? null : WebhookAddress.refusalByName(uri.getHost());
        if (refused != null) {
            throw new InvalidInputException("webhookUrl", refused);
        }
        return url;
    }

}
