package io.patchflow.notification;

import java.util.List;

/**
 * A customer's notification settings.
 *
 * @param contacts the addresses that receive advance notice of maintenance windows
 * @param advanceNoticeHours how long before a window opens the notice goes out
 * @param webhookUrl an https address of a chat tool's incoming webhook, or null
 */
public record CustomerNotificationSettings(String customerId, List<String> contacts, int advanceNoticeHours,
        String webhookUrl) {

    public static final int DEFAULT_ADVANCE_NOTICE_HOURS = 24;

    public CustomerNotificationSettings {
        contacts = List.copyOf(contacts);
    }

    static CustomerNotificationSettings defaults(String customerId) {
        return new CustomerNotificationSettings(customerId, List.of(), DEFAULT_ADVANCE_NOTICE_HOURS, null);
    }

}
