package io.patchflow.ticketing;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The saved connections, secrets still sealed. */
@Repository
class TicketingConnectionRepository {

    /** A saved connection as stored: the secrets sealed, the settings as JSON. */
    record Row(String customerId, String system, String baseUrl, String username, String secretSealed,
            String settingsJson, String webhookSecretSealed, boolean active, String updatedBy,
            OffsetDateTime updatedAt) {
    }

    private static final String COLUMNS = "customer_id, system, base_url, username, secret_sealed, settings, "
            + "webhook_secret_sealed, active, updated_by, updated_at";

    private static final String SELECT = "SELECT customer_id, system, base_url, username, secret_sealed, "
            + "settings AS settings_json, webhook_secret_sealed, active, updated_by, updated_at FROM ticketing_connection ";

    private final JdbcClient jdbc;

    TicketingConnectionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Row> find(String customerId, String system) {
        return jdbc.sql(SELECT + "WHERE customer_id = ? AND system = ?")
            .params(customerId, system)
            .query(Row.class)
            .optional();
    }

    Optional<String> activeSystem(String customerId) {
        return jdbc.sql("SELECT system FROM ticketing_connection WHERE customer_id = ? AND active")
            .param(customerId)
            .query(String.class)
            .optional();
    }

    List<Row> ofCustomers(List<String> customerIds) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + "WHERE customer_id IN (:ids) ORDER BY customer_id, system")
            .param("ids", customerIds)
            .query(Row.class)
            .list();
    }

    void save(Row row) {
        int updated = jdbc
            .sql("UPDATE ticketing_connection SET base_url = ?, username = ?, secret_sealed = ?, settings = ?, "
                    + "webhook_secret_sealed = ?, active = ?, updated_by = ?, updated_at = ? "
                    + "WHERE customer_id = ? AND system = ?")
            .params(row.baseUrl(), row.username(), row.secretSealed(), row.settingsJson(), row.webhookSecretSealed(),
                    row.active(), row.updatedBy(), row.updatedAt(), row.customerId(), row.system())
            .update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO ticketing_connection (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)")
                .params(row.customerId(), row.system(), row.baseUrl(), row.username(), row.secretSealed(),
                        row.settingsJson(), row.webhookSecretSealed(), row.active(), row.updatedBy(), row.updatedAt())
                .update();
        }
    }

    /** Makes every other connection of the customer inactive. */
    void deactivateOthers(String customerId, String system) {
        jdbc.sql("UPDATE ticketing_connection SET active = FALSE WHERE customer_id = ? AND system <> ? AND active")
            .params(customerId, system)
            .update();
    }

    boolean delete(String customerId, String system) {
        return jdbc.sql("DELETE FROM ticketing_connection WHERE customer_id = ? AND system = ?")
            .params(customerId, system)
            .update() > 0;
    }

}
