package io.patchflow.risk;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.patchflow.change.ChangeId;

/**
 * What a draft of the risk tables would have decided differently for the latest changes
 * of an analyst's customers, old and new value side by side (ADR 0051). Both sides are
 * evaluated now, on the facts each change's latest assessment stored: the published
 * tables and the draft.
 *
 * @param lastN how many of the newest assessed changes were asked for
 * @param evaluated how many there were (at most {@code lastN})
 * @param differing how many of them the draft decides differently in at least one field
 * @param differingByField for each field, how many changes the draft decides it
 * differently for; every field is present
 * @param failed how many changes could not be compared: see {@code findings}
 * @param draftDecisions the risk decisions the draft defines, in evaluation order; the
 * others are the published ones on both sides
 * @param changedDecisions those of them whose table differs from the published one
 * @param rows the differing changes, newest first
 * @param findings one per change the published tables or the draft could not evaluate
 */
public record ImpactReport(int lastN, int evaluated, int differing, Map<Field, Integer> differingByField, int failed,
        List<String> draftDecisions, List<String> changedDecisions, List<Row> rows, List<Finding> findings) {

    public ImpactReport {
        EnumMap<Field, Integer> counts = new EnumMap<>(Field.class);
        counts.putAll(differingByField);
        differingByField = Collections.unmodifiableMap(counts);
        draftDecisions = List.copyOf(draftDecisions);
        changedDecisions = List.copyOf(changedDecisions);
        rows = List.copyOf(rows);
        findings = List.copyOf(findings);
    }

    /** What the preview compares. */
    public enum Field {

        RISK_LEVEL,

        CHANGE_TYPE,

        /** Who approves: the review, CAB and emergency groups, CAB seats and quorum. */
        APPROVERS,

        /** How long the approvers have before the request escalates. */
        APPROVAL_DEADLINE,

        BACKUP_REQUIRED,

        /** The SLA band and the deadline it gives under the customer's policy. */
        SLA_DEADLINE

    }

    /** One field the draft decides differently, as the change page would show it. */
    public record FieldChange(Field field, String before, String after) {
    }

    /**
     * A change the draft decides differently.
     *
     * @param assessedAt when the stored facts were gathered
     * @param riskScoreBefore the published tables' score, for context: a score alone is
     * not a difference
     */
    public record Row(ChangeId change, String customerId, String title, Instant assessedAt, int riskScoreBefore,
            int riskScoreAfter, List<FieldChange> changes) {

        public Row {
            changes = List.copyOf(changes);
        }

    }

    /**
     * A change that could not be compared, and why: the draft gives an output a risk
     * assessment cannot use, or a FEEL expression fails on its facts.
     */
    public record Finding(ChangeId change, String customerId, String title, String problem) {
    }

}
