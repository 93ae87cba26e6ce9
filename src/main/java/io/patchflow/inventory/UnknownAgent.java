package io.patchflow.inventory;

import java.time.OffsetDateTime;

/** An enrolled agent whose hostname is not in its customer's inventory. */
public record UnknownAgent(String agentId, String hostname, String reportedOs, boolean simulated,
        OffsetDateTime enrolledAt, OffsetDateTime lastSeen) {
}
