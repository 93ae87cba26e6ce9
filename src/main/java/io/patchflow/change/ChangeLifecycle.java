package io.patchflow.change;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.security.Actor;
import io.patchflow.shared.NotFoundException;

/**
 * The change as the rest of Patchflow sees it: what other features read of a change, and
 * every state change the process makes on it. Each state change publishes a
 * {@link ChangeEvent} (the audit trail records it) in the transaction of the engine step
 * that causes it; milestones publish a {@link ChangeMilestone} as well (the linked
 * tickets hear of it).
 */
@Service
public class ChangeLifecycle {

    private final ChangeRepository changes;

    private final ApplicationEventPublisher events;

    ChangeLifecycle(ChangeRepository changes, ApplicationEventPublisher events) {
        this.changes = changes;
        this.events = events;
    }

    // --- reading ---

    public ChangeRequest get(ChangeId id) {
        return changes.find(id).orElseThrow(() -> new NotFoundException("no change " + id));
    }

    /** The changes with these ids that exist, in no particular order; one query. */
    public List<ChangeRequest> find(Collection<ChangeId> ids) {
        return changes.find(ids);
    }

    /** The change's patches, in the order the requester gave them. */
    public List<Long> patchIds(ChangeId id) {
        return changes.patchIds(id);
    }

    /** What the agents check after installing, verifying or rolling back. */
    public List<HealthCheck> healthChecks(ChangeId id) {
        return changes.healthChecks(id);
    }

    /**
     * When the change's SLA clock started: when its patches were found applicable (a
     * proposal), else when it was submitted.
     */
    public Instant slaClockStart(ChangeId id) {
        return changes.slaClockStart(id);
    }

    /**
     * Open changes (not in review, not closed) whose scheduled slot overlaps [from, to),
     * earliest first, at most {@code limit}; {@code customerIds} null means every
     * customer.
     */
    public List<ChangeRequest> withSlotsOverlapping(Collection<String> customerIds, Instant from, Instant to,
            int limit) {
        return changes.withSlotsOverlapping(customerIds, from, to, limit);
    }

    /**
     * Open changes without an outcome whose SLA deadline passed in (from, to], earliest
     * first, at most {@code limit}.
     */
    public List<SlaDeadline> slaDeadlinesPassed(Instant from, Instant to, int limit) {
        return changes.slaDeadlinesPassed(from, to, limit);
    }

    // --- state changes ---

    @Transactional
    public void moveTo(ChangeId id, ChangeStatus status, String actor, String detail) {
        ChangeRequest change = get(id);
        if (change.status() == status) {
            return;
        }
        changes.setStatus(id, status);
        events.publishEvent(new ChangeEvent(id, change.customerId(), actor, "STATUS_" + status.name(), detail));
    }

    /**
     * What the risk assessment decided: the change's risk, type, backup requirement and
     * SLA deadline.
     */
    @Transactional
    public void classify(ChangeId id, RiskLevel risk, ChangeType type, boolean backupRequired, String slaBand,
            Instant slaDueAt) {
        changes.setClassification(id, risk, type, backupRequired);
        changes.setSla(id, slaBand, slaDueAt);
    }

    @Transactional
    public void schedule(ChangeId id, OffsetDateTime start, OffsetDateTime end, String detail) {
        ChangeRequest change = get(id);
        changes.setSlot(id, start, end);
        changes.setStatus(id, ChangeStatus.SCHEDULED);
        events.publishEvent(new ChangeEvent(id, change.customerId(), Actor.SYSTEM_NAME, "STATUS_SCHEDULED", detail));
        events.publishEvent(new ChangeMilestone(id, change.customerId(), Milestone.SCHEDULED, null,
                "Change " + id + " (" + change.title() + ") is scheduled: " + detail));
    }

    /** Records the outcome; the change stays open until it is closed. */
    @Transactional
    public void decideOutcome(ChangeId id, ChangeOutcome outcome, String reason, String actor) {
        ChangeRequest change = get(id);
        changes.setOutcome(id, outcome, reason);
        events.publishEvent(new ChangeEvent(id, change.customerId(), actor, "OUTCOME_" + outcome.name(), reason));
        Milestone milestone = switch (outcome) {
            case REJECTED -> Milestone.REJECTED;
            case SUCCESSFUL -> Milestone.SUCCEEDED;
            case PARTIALLY_SUCCESSFUL -> Milestone.FAILED;
            case ROLLED_BACK -> Milestone.ROLLED_BACK;
            case CANCELLED -> null; // the closing note says it
        };
        if (milestone != null) {
            String said = switch (milestone) {
                case REJECTED -> " was rejected";
                case SUCCEEDED -> " succeeded on every asset";
                case FAILED -> " failed on some assets";
                default -> " was rolled back";
            };
            events.publishEvent(new ChangeMilestone(id, change.customerId(), milestone, null, "Change " + id + " ("
                    + change.title() + ")" + said + (reason == null || reason.isEmpty() ? "." : ": " + reason)));
        }
    }

    /**
     * The change was cancelled in its process (before deployment): whoever holds work for
     * it lets go ({@link ChangeCancelled}), then the outcome is recorded.
     */
    @Transactional
    public void cancel(ChangeId id, String cancelledBy, String reason) {
        ChangeRequest change = get(id);
        events.publishEvent(new ChangeCancelled(id, change.customerId(), cancelledBy, reason));
        decideOutcome(id, ChangeOutcome.CANCELLED, "cancelled by " + cancelledBy + ": " + reason, cancelledBy);
    }

    /**
     * Closes the change with its outcome. The linked tickets hear of it in a step of its
     * own ({@link #noteMilestone(ChangeId, Milestone)} with
     * {@link Milestone#CHANGE_CLOSED}): closing writes only Patchflow's tables, so it
     * runs in the transaction that decided the outcome, and a cancelled change is closed
     * in the answer to the cancellation.
     */
    @Transactional
    public ChangeRequest close(ChangeId id) {
        ChangeRequest change = get(id);
        if (change.outcome() == null) {
            throw new IllegalStateException(id + " cannot close without an outcome");
        }
        changes.close(id);
        String reason = change.outcomeReason() == null ? "" : change.outcomeReason();
        events.publishEvent(new ChangeEvent(id, change.customerId(), Actor.SYSTEM_NAME, "CHANGE_CLOSED",
                "closed with outcome " + change.outcome() + (reason.isEmpty() ? "" : ": " + reason)));
        return get(id);
    }

    /**
     * Tells every ticket linked to the change that it reached {@code milestone}, in words
     * of the change's own data.
     */
    @Transactional
    public void noteMilestone(ChangeId id, Milestone milestone) {
        ChangeRequest change = get(id);
        String text = switch (milestone) {
            case ASSESSED -> change.riskLevel() == null ? "Change " + id + " assessed."
                    : "Change " + id + " (" + change.title() + ") assessed: risk " + change.riskLevel() + ", "
                            + change.changeType().name().toLowerCase() + " change"
                            + (Boolean.TRUE.equals(change.backupRequired()) ? ", verified backups required." : ".");
            case APPROVED -> "Change " + id + " (" + change.title() + ") is approved and will be deployed "
                    + (change.changeType() == ChangeType.EMERGENCY ? "now, as an emergency."
                            : "in the next maintenance window.");
            case CHANGE_CLOSED -> "Change " + id + " closed: " + change.outcome()
                    + (change.outcomeReason() == null || change.outcomeReason().isEmpty() ? ""
                            : " (" + change.outcomeReason() + ")");
            default -> "Change " + id + ": " + milestone.name().toLowerCase().replace('_', ' ') + ".";
        };
        events.publishEvent(new ChangeMilestone(id, change.customerId(), milestone, null, text));
    }

    /**
     * Tells every ticket linked to the change that it reached {@code milestone}, in the
     * caller's words; {@code occurrence} tells apart the times a change reaches a
     * milestone it can reach more than once (null for one it reaches once).
     */
    @Transactional
    public void noteMilestone(ChangeId id, Milestone milestone, String occurrence, String note) {
        events.publishEvent(new ChangeMilestone(id, get(id).customerId(), milestone, occurrence, note));
    }

}
