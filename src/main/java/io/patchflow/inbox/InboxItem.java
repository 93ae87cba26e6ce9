package io.patchflow.inbox;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.patchflow.approval.ApprovalStep;
import io.patchflow.change.ChangeId;

/**
 * One line of the inbox: the task, and what an approver sorts and filters by (the
 * change's title, requester, type, risk, SLA deadline, whether a patch fixes a
 * known-exploited CVE). {@code due} is the engine's due date of the task; {@code slaDue}
 * the change's SLA deadline. {@code decisionStep} is the decision the task records (null
 * for a task that records none).
 */
public record InboxItem(String id, String name, String taskDefinitionKey, ChangeId changeId, String customerId,
        Instant created, Instant due, String assignee, String changeTitle, String requester, String changeType,
        String riskLevel, Instant slaDue, boolean knownExploited, ApprovalStep decisionStep) {

    /**
     * Whether the task is of a kind bulk approval takes (ADR 0037); the customer's policy
     * may still turn bulk approval off, and the server checks again per task.
     */
    @JsonProperty("bulkEligible")
    public boolean bulkEligible() {
        return BulkApprovalPolicy.eligible(decisionStep, changeType, riskLevel);
    }

    public boolean overdue() {
        return due != null && due.isBefore(Instant.now());
    }

    public boolean dueToday() {
        return due != null && !overdue()
                && !due.atOffset(ZoneOffset.UTC).toLocalDate().isAfter(LocalDate.now(ZoneOffset.UTC));
    }

    public boolean slaBreached() {
        return slaDue != null && slaDue.isBefore(Instant.now());
    }

    /** "due in 3 h", "2 d overdue": the badge next to the due date. */
    public String dueBadge() {
        return relative(due);
    }

    public String slaBadge() {
        return relative(slaDue);
    }

    static String relative(Instant when) {
        if (when == null) {
            return "";
        }
        Duration left = Duration.between(Instant.now(), when);
        Duration size = left.abs();
        long minutes = Math.max(1, Math.round(size.toSeconds() / 60.0));
        String amount = minutes >= 48 * 60 ? Math.round(minutes / 1440.0) + " d"
                : minutes >= 60 ? Math.round(minutes / 60.0) + " h" : minutes + " min";
        return left.isNegative() ? amount + " overdue" : "due in " + amount;
    }

}
