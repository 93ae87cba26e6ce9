package io.patchflow.inbox;

import java.time.OffsetDateTime;
import java.util.List;

import io.patchflow.change.ChangeId;

/**
 * A task in someone's inbox. {@code fourEyes} marks approval tasks the change's requester
 * may not complete; {@code changeTitle} is filled in by the inbox service.
 */
public record InboxTask(String id, String name, String taskDefinitionKey, ChangeId changeId, String customerId,
        OffsetDateTime created, OffsetDateTime due, String assignee, List<String> candidateGroups, boolean fourEyes,
        String changeTitle, String requester) {

    public InboxTask {
        candidateGroups = List.copyOf(candidateGroups);
    }

    public InboxTask withChange(String title, String requester) {
        return new InboxTask(id, name, taskDefinitionKey, changeId, customerId, created, due, assignee, candidateGroups,
                fourEyes, title, requester);
    }

    public boolean overdue() {
        return due != null && due.isBefore(OffsetDateTime.now());
    }
}
