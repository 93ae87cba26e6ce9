package io.patchflow.ticketing;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A saved connection as pages and the API show it: never its secrets, only whether they
 * are saved.
 */
public record ConnectionView(String customerId, String system, String baseUrl, String username,
        Map<String, String> settings, boolean secretSaved, boolean webhookSecretSaved, boolean active, String updatedBy,
        OffsetDateTime updatedAt) {
}
