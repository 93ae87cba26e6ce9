package io.patchflow.risk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.stereotype.Service;

import io.patchflow.change.ChangeLifecycle;
import io.patchflow.policy.CustomerPolicy;
import io.patchflow.policy.Policies;
import io.patchflow.shared.InvalidInputException;

/**
 * The impact preview of a draft of the risk tables (ADR 0051): for the newest changes of
 * an analyst's customers, what the published tables and the draft make of the facts each
 * change's latest assessment stored, and where they differ in risk level, change type,
 * approvers, approval deadline, backup requirement or SLA deadline. Nothing is stored.
 */
@Service
public class DecisionImpact {

    /**
     * How many of the newest assessed changes a preview evaluates unless asked otherwise.
     */
    public static final int DEFAULT_LAST_N = 500;

    /**
     * The most a preview evaluates: a few seconds of FEEL, and a list a person can read.
     */
    public static final int MAX_LAST_N = 5_000;

    private static final int MAX_PROBLEM = 500;

    private final AssessmentRepository assessments;

    private final DraftDecisionTables drafts;

    private final Policies policies;

    private final ChangeLifecycle lifecycle;

    DecisionImpact(AssessmentRepository assessments, DraftDecisionTables drafts, Policies policies,
            ChangeLifecycle lifecycle) {
        this.assessments = assessments;
        this.drafts = drafts;
        this.policies = policies;
        this.lifecycle = lifecycle;
    }

    /** The preview over the newest {@value #DEFAULT_LAST_N} assessed changes. */
    public ImpactReport preview(byte[] draftDmn, Set<String> customerIds) {
        return preview(draftDmn, customerIds, DEFAULT_LAST_N);
    }

    /**
     * @param draftDmn the draft DMN model, untrusted
     * @param customerIds the analyst's customers: only their changes are read
     * @param lastN how many of the newest assessed changes to evaluate, 1 to
     * {@value #MAX_LAST_N}
     * @throws InvalidInputException for a draft the preview cannot evaluate, naming the
     * problem, or a {@code lastN} out of bounds; a change the draft fails on is a finding
     * in the report instead
     */
    public ImpactReport preview(byte[] draftDmn, Set<String> customerIds, int lastN) {
        if (lastN < 1 || lastN > MAX_LAST_N) {
            throw new InvalidInputException("lastN",
                    "lastN is the number of recent changes to preview, 1 to " + MAX_LAST_N + ", not " + lastN);
        }
        if (customerIds == null) {
            throw new InvalidInputException("customerIds", "customerIds is required: the analyst's customers");
        }
        DraftDecisionTables.Draft draft = drafts.of(draftDmn);
        List<String> fromDraft = RiskAssessmentService.DECISIONS.stream()
            .filter(draft.decisionKeys()::contains)
            .toList();
        if (fromDraft.isEmpty()) {
            throw new InvalidInputException("dmn",
                    "the draft has none of the decisions a risk assessment evaluates ("
                            + String.join(", ", RiskAssessmentService.DECISIONS) + "); it has "
                            + String.join(", ", new TreeSet<>(draft.decisionKeys())));
        }
        // No transaction around it all: the evaluation can take seconds of FEEL, and
        // needs
        // no connection meanwhile.
        List<AssessmentRepository.StoredFacts> changes = assessments.latestOfNewestChanges(customerIds, lastN);
        Map<String, CustomerPolicy> policyOf = policies
            .policies(changes.stream().map(AssessmentRepository.StoredFacts::customerId).distinct().toList());
        Map<ImpactReport.Field, Integer> byField = new EnumMap<>(ImpactReport.Field.class);
        for (ImpactReport.Field field : ImpactReport.Field.values()) {
            byField.put(field, 0);
        }
        List<ImpactReport.Row> rows = new ArrayList<>();
        List<ImpactReport.Finding> findings = new ArrayList<>();
        for (AssessmentRepository.StoredFacts change : changes) {
            CustomerPolicy policy = policyOf.get(change.customerId());
            // the deadline as an assessment now would set it: from the change's own clock
            Instant clockStart = lifecycle.slaClockStart(change.change());
            RiskAssessment.Result before;
            try {
                before = RiskAssessmentService.evaluate(draft.published(), change.facts(), policy, clockStart).result();
            }
            catch (RuntimeException e) {
                findings.add(finding(change, "the published tables: " + problem(e)));
                continue;
            }
            RiskAssessment.Result after;
            try {
                after = RiskAssessmentService.evaluate(draft.draft(), change.facts(), policy, clockStart).result();
            }
            catch (RuntimeException e) {
                findings.add(finding(change, "the draft: " + problem(e)));
                continue;
            }
            catch (StackOverflowError e) {
                // The draft's rules keep expressions within the parser's depth; should
                // one
                // still be too deep, it is this change's finding, not a failed page.
                findings.add(finding(change, "the draft: an expression is nested too deeply to evaluate"));
                continue;
            }
            List<ImpactReport.FieldChange> differences = ImpactDiff.between(before, after);
            if (!differences.isEmpty()) {
                differences.forEach(d -> byField.merge(d.field(), 1, Integer::sum));
                rows.add(new ImpactReport.Row(change.change(), change.customerId(), change.title(), change.assessedAt(),
                        before.riskScore(), after.riskScore(), differences));
            }
        }
        List<String> changed = fromDraft.stream().filter(draft.changedKeys()::contains).toList();
        return new ImpactReport(lastN, changes.size(), rows.size(), byField, findings.size(), fromDraft, changed, rows,
                findings);
    }

    private static ImpactReport.Finding finding(AssessmentRepository.StoredFacts change, String problem) {
        return new ImpactReport.Finding(change.change(), change.customerId(), change.title(), problem);
    }

    private static String problem(RuntimeException e) {
        String problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return problem.length() <= MAX_PROBLEM ? problem : problem.substring(0, MAX_PROBLEM - 1) + "…";
    }

}
