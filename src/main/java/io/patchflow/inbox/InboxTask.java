package io.patchflow.inbox;

import java.time.OffsetDateTime;
import java.util.List;

import io.patchflow.approval.ApprovalStep;
import io.patchflow.change.ChangeId;

/**
 * A task in someone's inbox. {@code fourEyes} marks approval tasks the four-eyes rule
 * guards; {@code decisionStep} and {@code approvalRound} say which decision the task
 * records (null and 0 for a task that records none), so the inbox can ask the approval
 * rules whether this person may take it. {@code changeTitle} is filled in by the inbox
 * service.
 */
public record InboxTask(String id, String name, String taskDefinitionKey, ChangeId changeId, String customerId,
        OffsetDateTime created, OffsetDateTime due, String assignee, List<String> candidateGroups, boolean fourEyes,
        ApprovalStep decisionStep, int approvalRound, String changeTitle, String requester) {

    public InboxTask {
        candidateGroups = List.copyOf(candidateGroups);
    }

    public InboxTask withChange(String title, String requester) {
        return new InboxTask(id, name, taskDefinitionKey, changeId, customerId, created, due, assignee, candidateGroups,
                fourEyes, decisionStep, approvalRound, title, requester);
    }

    public boolean overdue() {
        return due != null && due.isBefore(OffsetDateTime.now());
    }
}
