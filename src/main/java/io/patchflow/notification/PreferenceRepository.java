package io.patchflow.notification;

import java.util.EnumMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** People's notification preferences, {@code notification_preference}. */
@Repository
class PreferenceRepository {

    private final JdbcClient jdbc;

    PreferenceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The person's stored choices; kinds without a row are not in the map. */
    Map<NotificationEvent, Delivery> of(String username) {
        Map<NotificationEvent, Delivery> stored = new EnumMap<>(NotificationEvent.class);
        jdbc.sql("SELECT event_type, delivery FROM notification_preference WHERE username = ?")
            .param(username)
            .query((rs, n) -> Map.entry(NotificationEvent.valueOf(rs.getString(1)), Delivery.valueOf(rs.getString(2))))
            .list()
            .forEach(e -> stored.put(e.getKey(), e.getValue()));
        return stored;
    }

    void replace(String username, Map<NotificationEvent, Delivery> choices) {
        jdbc.sql("DELETE FROM notification_preference WHERE username = ?").param(username).update();
        choices.forEach((event, delivery) -> jdbc
            .sql("INSERT INTO notification_preference (username, event_type, delivery) VALUES (?, ?, ?)")
            .params(username, event.name(), delivery.name())
            .update());
    }

}
