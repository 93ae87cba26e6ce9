package io.patchflow.process;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.springframework.stereotype.Component;

import io.patchflow.process.sandbox.Finding;
import io.patchflow.process.sandbox.ModelBeans;
import io.patchflow.process.sandbox.ModelPolicy;
import io.patchflow.risk.DecisionTables;
import io.patchflow.risk.DraftDecisionTables;
import io.patchflow.shared.InvalidInputException;

/**
 * An analyst's draft of a DMN model as decision tables, for the impact preview (ADR
 * 0051). The bytes are untrusted: the deploy-time rules read them first (no DOCTYPE, no
 * external entities, size and nesting limits, FEEL only), then {@link DraftFeel}; only
 * then do the engine's model reader and a DMN engine of the draft's own see them, with
 * the configuration and the evaluation of the deployed tables
 * ({@link DecisionTableEvaluator}). The draft's engine and cache go when the caller lets
 * go of the tables.
 */
@Component
class DraftDecisionTablesAdapter implements DraftDecisionTables {

    /** What the findings name: the draft has no file name of its own here. */
    static final String RESOURCE = "draft.dmn";

    /** As many results as the deployed tables keep; gone with the draft. */
    private static final int CACHE_SIZE = DecisionTablesAdapter.CACHE_SIZE;

    private static final int MAX_REASON = 500;

    private final ModelPolicy policy;

    private final DecisionTablesAdapter deployed;

    DraftDecisionTablesAdapter(ModelBeans beans, DecisionTablesAdapter deployed) {
        this.policy = new ModelPolicy(beans);
        this.deployed = deployed;
    }

    @Override
    public Draft of(byte[] dmn) {
        if (dmn == null || dmn.length == 0) {
            throw new InvalidInputException("dmn", "the draft is empty: give the DMN model to preview");
        }
        List<Finding> findings = policy.check(RESOURCE, dmn);
        if (!findings.isEmpty()) {
            throw refused(findings.stream().map(Finding::message).toList());
        }
        DmnModelInstance model;
        try {
            model = Dmn.readModelFromStream(new ByteArrayInputStream(dmn));
        }
        catch (RuntimeException e) {
            throw new InvalidInputException("dmn", "the draft is not a DMN model the engine reads: " + reason(e));
        }
        List<String> feel = DraftFeel.problems(model);
        if (!feel.isEmpty()) {
            throw refused(feel.stream().map(problem -> RESOURCE + ", " + problem).toList());
        }
        DecisionTableEvaluator evaluator = new DecisionTableEvaluator(CACHE_SIZE);
        Map<String, DecisionTableEvaluator.Table> tables;
        try {
            tables = evaluator.parseAll(DecisionTableEvaluator.withoutRequirements(model), "draft");
        }
        catch (RuntimeException e) {
            throw new InvalidInputException("dmn", "the DMN engine cannot read the draft's decisions: " + reason(e));
        }
        if (tables.isEmpty()) {
            throw new InvalidInputException("dmn", "the draft has no decisions");
        }
        // The deployed tables as they are now, for both sides of the comparison: a
        // publication during the preview does not change what it compares.
        Map<String, DecisionTableEvaluator.Table> pinned = new ConcurrentHashMap<>();
        Function<String, DecisionTableEvaluator.Source> published = key -> new DecisionTableEvaluator.Source(
                pinned.computeIfAbsent(key, deployed::deployed), deployed.evaluator());
        Map<String, DecisionTableEvaluator.Source> own = new LinkedHashMap<>();
        Set<String> changed = new LinkedHashSet<>();
        for (DecisionTableEvaluator.Table table : tables.values()) {
            DecisionTableEvaluator.Source same = sameAsPublished(table, published);
            if (same == null) {
                changed.add(table.key());
            }
            // A table equal to the deployed one decides the same: evaluated as that one,
            // its results come from the deployed tables' cache.
            own.put(table.key(), same == null ? new DecisionTableEvaluator.Source(table, evaluator) : same);
        }
        return new Draft(new Tables(Map.of(), published), new Tables(own, published), tables.keySet(), changed);
    }

    /** The deployed table, if the draft's equals it; else null. */
    private static DecisionTableEvaluator.Source sameAsPublished(DecisionTableEvaluator.Table table,
            Function<String, DecisionTableEvaluator.Source> published) {
        DecisionTableEvaluator.Source live;
        try {
            live = published.apply(table.key());
        }
        catch (IllegalStateException e) {
            // none deployed: a new decision
            return null;
        }
        return table.text() != null && table.text().equals(live.table().text()) ? live : null;
    }

    private static InvalidInputException refused(List<String> problems) {
        return new InvalidInputException("dmn", "the draft cannot be previewed: " + String.join("; ", problems));
    }

    /** The exception's message and, where it says more, its cause's; never unbounded. */
    private static String reason(Throwable e) {
        String reason = String.valueOf(e.getMessage());
        Throwable cause = e.getCause();
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause != null && cause.getMessage() != null && !reason.contains(cause.getMessage())) {
            reason += ": " + cause.getMessage();
        }
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }

    /** Some tables of the draft's own over the deployed ones. */
    private static final class Tables implements DecisionTables {

        private final Map<String, DecisionTableEvaluator.Source> own;

        private final Function<String, DecisionTableEvaluator.Source> published;

        Tables(Map<String, DecisionTableEvaluator.Source> own,
                Function<String, DecisionTableEvaluator.Source> published) {
            this.own = Map.copyOf(own);
            this.published = published;
        }

        @Override
        public Evaluation evaluate(String decisionKey, Map<String, Object> inputs) {
            return evaluateInOrder(List.of(decisionKey), inputs).get(decisionKey);
        }

        @Override
        public Map<String, Evaluation> evaluateInOrder(List<String> decisionKeys, Map<String, Object> inputs) {
            return DecisionTableEvaluator.evaluateInOrder(decisionKeys, inputs,
                    key -> own.containsKey(key) ? own.get(key) : published.apply(key));
        }

    }

}
