package io.patchflow.inbox;

import java.util.List;

import io.patchflow.change.ChangeId;

/**
 * A person's task was offered to groups, assigned, or delegated. Published by the
 * workflow adapter inside the engine's transaction (so a step that rolls back publishes
 * nothing that lasts); notifications tell the people concerned. A person who claims a
 * task for themselves is not told.
 *
 * @param assignee who the task is assigned or delegated to; null when it is offered to
 * {@code candidateGroups}
 */
public record TaskAssignment(String taskId, String taskName, ChangeId change, String customerId, Kind kind,
        String assignee, List<String> candidateGroups) {

    public TaskAssignment {
        candidateGroups = List.copyOf(candidateGroups);
    }

    public enum Kind {

        OFFERED, ASSIGNED, DELEGATED

    }

}
