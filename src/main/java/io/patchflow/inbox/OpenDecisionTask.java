package io.patchflow.inbox;

import java.time.Instant;

import io.patchflow.change.ChangeId;

/**
 * An open task of one decision step (a CAB seat) as the inbox's index holds it: for
 * features that plan around open decisions (the CAB meeting's agenda, ADR 0040) without
 * reading the index's tables.
 */
public record OpenDecisionTask(String taskId, ChangeId changeId, String customerId, int approvalRound, String assignee,
        Instant created) {
}
