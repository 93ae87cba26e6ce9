package io.patchflow.notification;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.patchflow.shared.DateTimes;

/** Each customer's notification settings, {@code notification_customer}. */
@Repository
class CustomerSettingsRepository {

    private final JdbcClient jdbc;

    CustomerSettingsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<CustomerNotificationSettings> find(String customerId) {
        return jdbc
            .sql("SELECT customer_id, contacts, advance_notice_hours, webhook_url FROM notification_customer "
                    + "WHERE customer_id = ?")
            .param(customerId)
            .query((rs, n) -> new CustomerNotificationSettings(rs.getString(1), contacts(rs.getString(2)), rs.getInt(3),
                    rs.getString(4)))
            .optional();
    }

    List<CustomerNotificationSettings> all() {
        return jdbc
            .sql("SELECT customer_id, contacts, advance_notice_hours, webhook_url FROM notification_customer "
                    + "ORDER BY customer_id")
            .query((rs, n) -> new CustomerNotificationSettings(rs.getString(1), contacts(rs.getString(2)), rs.getInt(3),
                    rs.getString(4)))
            .list();
    }

    void save(CustomerNotificationSettings settings, String updatedBy, Instant now) {
        jdbc.sql("DELETE FROM notification_customer WHERE customer_id = ?").param(settings.customerId()).update();
        jdbc.sql("INSERT INTO notification_customer (customer_id, contacts, advance_notice_hours, webhook_url, "
                + "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
            .params(settings.customerId(), String.join(",", settings.contacts()), settings.advanceNoticeHours(),
                    settings.webhookUrl(), updatedBy, now.atOffset(ZoneOffset.UTC))
            .update();
    }

    private static List<String> contacts(String stored) {
        return stored.isBlank() ? List.of() : Arrays.stream(stored.split(",")).map(String::trim).toList();
    }

}
