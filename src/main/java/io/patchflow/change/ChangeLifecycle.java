package io.patchflow.change;

import java.time.OffsetDateTime;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.security.Actor;
import io.patchflow.shared.NotFoundException;
import io.patchflow.ticketing.TicketService;

/**
 * State changes the process makes on a change. Each one is recorded in the audit trail in the
 * same transaction as the engine step that causes it.
 */
@Service
public class ChangeLifecycle {

    private final ChangeRepository changes;
    private final Assessments assessments;
    private final AuditTrail audit;
    private final TicketService tickets;

    public ChangeLifecycle(ChangeRepository changes, Assessments assessments, AuditTrail audit, TicketService tickets) {
        this.changes = changes;
        this.assessments = assessments;
        this.audit = audit;
        this.tickets = tickets;
    }

    public ChangeRequest get(ChangeId id) {
        return changes.find(id).orElseThrow(() -> new NotFoundException("no change " + id));
    }

    @Transactional
    public void moveTo(ChangeId id, ChangeStatus status, String actor, String detail) {
        ChangeRequest change = get(id);
        if (change.status() == status) {
            return;
        }
        changes.setStatus(id, status);
        audit.record(change.customerId(), id.value(), actor, "STATUS_" + status.name(), detail);
    }

    /** Tells every ticket linked to the change where it stands. */
    @Transactional
    public void noteMilestone(ChangeId id, String milestone) {
        ChangeRequest change = get(id);
        String text = switch (milestone) {
            case "ASSESSED" -> assessments.latest(id)
                    .map(a -> "Change " + id + " (" + change.title() + ") assessed: risk " + a.result().riskLevel() + ", "
                            + a.result().changeType().name().toLowerCase() + " change"
                            + (a.result().backupRequired() ? ", verified backups required." : "."))
                    .orElse("Change " + id + " assessed.");
            case "APPROVED" -> "Change " + id + " (" + change.title() + ") is approved and will be deployed "
                    + (change.changeType() == ChangeType.EMERGENCY ? "now, as an emergency." : "in the next maintenance window.");
            default -> "Change " + id + ": " + milestone.toLowerCase().replace('_', ' ') + ".";
        };
        int notes = tickets.noteMilestone(id.value(), change.customerId(), milestone, text);
        if (notes > 0) {
            audit.record(change.customerId(), id.value(), Actor.SYSTEM_NAME, "TICKETS_NOTED", milestone + " noted on " + notes + " ticket(s)");
        }
    }

    @Transactional
    public void schedule(ChangeId id, OffsetDateTime start, OffsetDateTime end, String detail) {
        ChangeRequest change = get(id);
        changes.setSlot(id, start, end);
        changes.setStatus(id, ChangeStatus.SCHEDULED);
        audit.record(change.customerId(), id.value(), Actor.SYSTEM_NAME, "STATUS_SCHEDULED", detail);
    }

    /** Records the outcome; the change stays open until it is closed. */
    @Transactional
    public void decideOutcome(ChangeId id, ChangeOutcome outcome, String reason, String actor) {
        ChangeRequest change = get(id);
        changes.setOutcome(id, outcome, reason);
        audit.record(change.customerId(), id.value(), actor, "OUTCOME_" + outcome.name(), reason);
    }

    @Transactional
    public ChangeRequest close(ChangeId id) {
        ChangeRequest change = get(id);
        if (change.outcome() == null) {
            throw new IllegalStateException(id + " cannot close without an outcome");
        }
        changes.close(id);
        audit.record(change.customerId(), id.value(), Actor.SYSTEM_NAME, "CHANGE_CLOSED",
                "closed with outcome " + change.outcome() + (change.outcomeReason() == null ? "" : ": " + change.outcomeReason()));
        return get(id);
    }
}
