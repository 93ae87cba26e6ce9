package io.patchflow.approval;

import java.time.OffsetDateTime;

public record ApprovalRecord(int round, ApprovalStep step, String decidedBy, String decision, String comment,
        OffsetDateTime decidedAt) {
}
