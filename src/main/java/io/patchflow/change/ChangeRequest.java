package io.patchflow.change;

import java.time.OffsetDateTime;

public record ChangeRequest(ChangeId id, String customerId, String title, String description, String requester,
        boolean emergencyRequested, ChangeType changeType, RiskLevel riskLevel, Boolean backupRequired,
        ChangeStatus status, ChangeOutcome outcome, String outcomeReason, OffsetDateTime requestedStart,
        OffsetDateTime scheduledStart, OffsetDateTime scheduledEnd, String processInstanceId, OffsetDateTime createdAt,
        OffsetDateTime updatedAt, OffsetDateTime closedAt) {

    public boolean isClosed() {
        return status == ChangeStatus.CLOSED;
    }
}
