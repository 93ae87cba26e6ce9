package io.patchflow.inbox;

import java.time.Instant;
import java.util.List;

import io.patchflow.approval.ApprovalStep;
import io.patchflow.change.ChangeId;

/**
 * An open user task as the workflow adapter hands it to the inbox's index when the engine
 * creates it (or when the index is rebuilt from the engine).
 */
public record IndexedTask(String taskId, ChangeId changeId, String customerId, String taskKey, String name,
        Instant created, Instant due, String assignee, List<String> candidateGroups, boolean fourEyes,
        ApprovalStep decisionStep, int approvalRound) {

    public IndexedTask {
        candidateGroups = List.copyOf(candidateGroups);
    }

}
