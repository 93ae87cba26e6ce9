package io.patchflow.notification;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.security.Actor;
import io.patchflow.shared.InvalidInputException;

/** Each person's choice, per kind of notification: immediate, digest or off. */
@Service
public class NotificationPreferences {

    private final PreferenceRepository preferences;

    private final OutboxRepository outbox;

    NotificationPreferences(PreferenceRepository preferences, OutboxRepository outbox) {
        this.preferences = preferences;
        this.outbox = outbox;
    }

    /**
     * Every kind a person can choose, with their choice (immediate unless they chose).
     */
    public Map<NotificationEvent, Delivery> of(Actor actor) {
        Map<NotificationEvent, Delivery> stored = preferences.of(actor.username());
        Map<NotificationEvent, Delivery> all = new EnumMap<>(NotificationEvent.class);
        for (NotificationEvent event : NotificationEvent.values()) {
            if (event.personal()) {
                all.put(event, stored.getOrDefault(event, Delivery.IMMEDIATE));
            }
        }
        return all;
    }

    /**
     * Sets the person's choices: {@code choices} maps kinds to deliveries by name; kinds
     * it leaves out keep their choice. Everything is checked before anything is stored.
     */
    @Transactional
    public Map<NotificationEvent, Delivery> update(Actor actor, Map<String, String> choices) {
        Map<NotificationEvent, Delivery> merged = new EnumMap<>(of(actor));
        for (Map.Entry<String, String> choice : choices.entrySet()) {
            NotificationEvent event = parse(NotificationEvent.class, choice.getKey(), choice.getKey(),
                    "is not a kind of notification");
            if (!event.personal()) {
                throw new InvalidInputException(choice.getKey(),
                        "goes to a customer's contacts, not to people; it is set in the customer's settings");
            }
            merged.put(event,
                    parse(Delivery.class, choice.getValue(), choice.getKey(), "must be IMMEDIATE, DIGEST or OFF"));
        }
        preferences.replace(actor.username(), merged);
        return merged;
    }

    /** The person's latest notifications, newest first, whatever their state. */
    List<Sent> recent(Actor actor) {
        return outbox.recentFor(actor.username(), 20)
            .stream()
            .map(row -> new Sent(row.event(), row.subject(), row.status(), row.attempts(), row.createdAt(),
                    row.sentAt()))
            .toList();
    }

    /** A notification as its recipient sees it on their settings page. */
    record Sent(NotificationEvent event, String subject, String status, int attempts, Instant createdAt,
            Instant sentAt) {
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field, String problem) {
        try {
            return Enum.valueOf(type, value == null ? "" : value.trim().toUpperCase());
        }
        catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "'" + value + "' " + problem);
        }
    }

}
