package io.patchflow.approval;

import io.patchflow.change.ChangeId;

/**
 * An approval was overdue and is now offered to {@code toGroup} as well. Published in the
 * transaction of the escalation; notifications tell the people of that group.
 */
public record ApprovalEscalated(ChangeId change, String customerId, String overdueTask, String toGroup) {
}
