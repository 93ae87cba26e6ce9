package io.patchflow.approval;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeOutcome;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeStatus;
import io.patchflow.change.Milestone;
import io.patchflow.security.Actor;
import io.patchflow.shared.ForbiddenException;

/**
 * Records every human decision on a change, after checking that this person may take it.
 */
@Service
public class ApprovalService {

    private final ChangeLifecycle lifecycle;

    private final ApprovalRepository approvals;

    private final AuditTrail audit;

    private final ApprovalTasks tasks;

    private final ApplicationEventPublisher events;

    ApprovalService(ChangeLifecycle lifecycle, ApprovalRepository approvals, AuditTrail audit, ApprovalTasks tasks,
            ApplicationEventPublisher events) {
        this.lifecycle = lifecycle;
        this.approvals = approvals;
        this.audit = audit;
        this.tasks = tasks;
        this.events = events;
    }

    /**
     * Checks the four-eyes rule (when the step demands it) and records the decision. A
     * task that is not a decision step (the requester answering a question) is recorded
     * in the trail.
     * @return the CAB tally of the round after this decision (all zero for other steps)
     */
    @Transactional
    public CabTally decide(ChangeId id, int round, ApprovalStep step, boolean fourEyes, String decider, String taskName,
            String decision, String comment, String taskId) {
        ChangeRequest change = lifecycle.get(id);
        refusal(change, round, step, fourEyes, decider).ifPresent(reason -> {
            throw new ForbiddenException(reason);
        });
        if (step == null) {
            audit.record(change.customerId(), id.value(), decider, "TASK_COMPLETED",
                    taskName + (decision == null || decision.isBlank() ? "" : ": " + decision));
            return new CabTally(0, 0, 0);
        }
        approvals.insert(id, round, step, decider, decision, comment, taskId);
        audit.record(change.customerId(), id.value(), decider, "DECISION_" + step.name(),
                decision + (comment == null || comment.isBlank() ? "" : ": " + comment));
        return step == ApprovalStep.CAB_VOTE ? CabTally.of(approvals.ofRound(id, round, step)) : new CabTally(0, 0, 0);
    }

    /**
     * Why {@code decider} would be refused this decision, or empty if they may take it:
     * the rule {@link #decide} enforces, for the inbox and the task page to not offer
     * what would be refused.
     */
    public Optional<String> refusal(ChangeId id, int round, ApprovalStep step, boolean fourEyes, String decider) {
        return fourEyes ? refusal(lifecycle.get(id), round, step, true, decider) : Optional.empty();
    }

    private Optional<String> refusal(ChangeRequest change, int round, ApprovalStep step, boolean fourEyes,
            String decider) {
        if (!fourEyes) {
            return Optional.empty();
        }
        Set<String> earlierVoters = step == ApprovalStep.CAB_VOTE ? approvals.ofRound(change.id(), round, step)
            .stream()
            .map(ApprovalRecord::decidedBy)
            .collect(Collectors.toSet()) : Set.of();
        return FourEyesPolicy.refusal(change.requester(), decider, earlierVoters);
    }

    @Transactional
    public void preApprove(ChangeId id, int round) {
        approvals.insert(id, round, ApprovalStep.PRE_APPROVAL, Actor.SYSTEM_NAME, CabTally.APPROVE,
                "standard change, pre-approved by policy", null);
        lifecycle.moveTo(id, ChangeStatus.APPROVED, Actor.SYSTEM_NAME, "standard change, pre-approved by policy");
    }

    /**
     * The approval route is complete: the change is approved, and its tickets hear of it.
     */
    @Transactional
    public void approved(ChangeId id) {
        lifecycle.moveTo(id, ChangeStatus.APPROVED, Actor.SYSTEM_NAME, "approval complete");
        lifecycle.noteMilestone(id, Milestone.APPROVED);
    }

    @Transactional
    public void reject(ChangeId id, String reason) {
        lifecycle.decideOutcome(id, ChangeOutcome.REJECTED, reason, Actor.SYSTEM_NAME);
    }

    @Transactional
    public void informationRequested(ChangeId id) {
        lifecycle.moveTo(id, ChangeStatus.NEEDS_INFORMATION, Actor.SYSTEM_NAME,
                "an approver asked the requester for more information");
    }

    /**
     * An approval is overdue: offer it to {@code toGroup} as well, and say so in the
     * trail and the tickets.
     */
    @Transactional
    public void escalate(ChangeId id, String overdueTask, String toGroup) {
        ChangeRequest change = lifecycle.get(id);
        int offered = tasks.offerTo(id, overdueTask, toGroup);
        audit.record(change.customerId(), id.value(), Actor.SYSTEM_NAME, "APPROVAL_ESCALATED",
                overdueTask + " is overdue; " + offered + " open task(s) offered to " + toGroup);
        // the same task can be escalated again in a later round, after more decisions
        lifecycle.noteMilestone(id, Milestone.APPROVAL_ESCALATED, overdueTask + "@" + decisions(id).size(),
                "Change " + id + ": an approval is overdue and was escalated to " + toGroup + ".");
        events.publishEvent(new ApprovalEscalated(id, change.customerId(), overdueTask, toGroup));
    }

    /** Every decision taken on the change, oldest first. */
    public List<ApprovalRecord> decisions(ChangeId id) {
        return approvals.ofChange(id);
    }

}
