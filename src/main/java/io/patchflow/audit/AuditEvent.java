package io.patchflow.audit;

import java.time.OffsetDateTime;

public record AuditEvent(long id, String customerId, Long changeId, OffsetDateTime occurredAt, String actor,
        String kind, String detail) {
}
