package io.patchflow.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.patchflow.risk.ImpactReport.Field;
import io.patchflow.risk.ImpactReport.FieldChange;

/**
 * Which of the outcomes a change's approval and deadline depend on two evaluations decide
 * differently, each as a person reads it. The score is not one: it matters only through
 * the level it gives.
 */
final class ImpactDiff {

    private ImpactDiff() {
    }

    static List<FieldChange> between(RiskAssessment.Result before, RiskAssessment.Result after) {
        List<FieldChange> changes = new ArrayList<>();
        if (before.riskLevel() != after.riskLevel()) {
            changes.add(new FieldChange(Field.RISK_LEVEL, before.riskLevel().name(), after.riskLevel().name()));
        }
        if (before.changeType() != after.changeType()) {
            changes.add(new FieldChange(Field.CHANGE_TYPE, before.changeType().name(), after.changeType().name()));
        }
        if (!approvers(before).equals(approvers(after))) {
            changes.add(new FieldChange(Field.APPROVERS, approversText(before), approversText(after)));
        }
        if (!Objects.equals(before.approvalDeadline(), after.approvalDeadline())) {
            changes.add(new FieldChange(Field.APPROVAL_DEADLINE, before.approvalDeadline(), after.approvalDeadline()));
        }
        if (before.backupRequired() != after.backupRequired()) {
            changes.add(new FieldChange(Field.BACKUP_REQUIRED, backup(before), backup(after)));
        }
        if (!Objects.equals(before.slaBand(), after.slaBand())
                || !Objects.equals(before.slaDueAt(), after.slaDueAt())) {
            changes.add(new FieldChange(Field.SLA_DEADLINE, sla(before), sla(after)));
        }
        return changes;
    }

    private static List<Object> approvers(RiskAssessment.Result r) {
        return java.util.Arrays.asList(r.reviewGroup(), r.cabGroup(), r.cabSeats(), r.cabQuorum(), r.emergencyGroup());
    }

    /**
     * "review: approver; CAB: approver, 2 of 3 seats" — every part that is set, "none"
     * for a pre-approved change.
     */
    static String approversText(RiskAssessment.Result r) {
        List<String> parts = new ArrayList<>();
        if (r.reviewGroup() != null) {
            parts.add("review: " + r.reviewGroup());
        }
        if (r.cabGroup() != null || r.cabSeats() != 0 || r.cabQuorum() != 0) {
            parts.add("CAB: " + (r.cabGroup() == null ? "no group" : r.cabGroup()) + ", " + r.cabQuorum() + " of "
                    + r.cabSeats() + " seats");
        }
        if (r.emergencyGroup() != null) {
            parts.add("emergency: " + r.emergencyGroup());
        }
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }

    private static String backup(RiskAssessment.Result r) {
        return r.backupRequired() ? "required" : "not required";
    }

    /** "HIGH, due 2026-05-14 09:00 UTC" */
    static String sla(RiskAssessment.Result r) {
        return r.slaBand() + (r.slaDueAt() == null ? "" : ", due " + r.slaDueText());
    }

}
