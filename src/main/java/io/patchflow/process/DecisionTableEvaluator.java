package io.patchflow.process;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedOutput;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Description;
import org.camunda.bpm.model.dmn.instance.InformationRequirement;
import org.camunda.bpm.model.dmn.instance.Rule;

import io.patchflow.risk.DecisionTables.Evaluation;
import io.patchflow.risk.DecisionTables.FiredRule;

/**
 * The one way Patchflow evaluates its risk tables, for the deployed model and for an
 * analyst's draft alike: in a DMN engine of its own, each table parsed as a decision of
 * its own and evaluated exactly once, in the order given, its outputs handed to the
 * tables after it as variables; recent results kept.
 * <p>
 * Through the engine's DecisionService every decision re-evaluates the decisions it
 * requires, so one assessment ran the 22-rule score table five times, and each evaluation
 * wrote decision history rows that nobody reads (the assessment keeps its own record of
 * the rules that fired). Here the tables are parsed without the required-decision links
 * and evaluated in the order the links give, exactly as the links would
 * (docs/benchmarks.md, ADR 0020). A draft's changed tables get an evaluator of their own
 * (ADR 0051), so their results never sit in the deployed tables' cache.
 */
final class DecisionTableEvaluator {

    /**
     * One table, parsed.
     *
     * @param version what makes two tables of one key different tables: the deployed
     * definition id, or the draft
     * @param notes the rules' annotations, by rule id
     * @param text the decision element in a canonical form ({@link DecisionText}): two
     * tables with the same text decide the same; null if there is none
     * @param mentioned for each variable name asked about, whether the text holds it
     */
    record Table(String key, String version, DmnDecision decision, Map<String, String> notes, String text,
            Map<String, Boolean> mentioned) {

        Table(String key, String version, DmnDecision decision, Map<String, String> notes, String text) {
            this(key, version, decision, notes, text, new ConcurrentHashMap<>());
        }

        /**
         * Whether the table may read this variable: FEEL reads a variable only by its
         * name, so a table whose text does not hold the name does not read it.
         */
        boolean mayRead(String variable) {
            return text == null || mentioned.computeIfAbsent(variable, text::contains);
        }

    }

    /** A table and the evaluator whose engine and cache evaluate it. */
    record Source(Table table, DecisionTableEvaluator evaluator) {
    }

    private final FiredRuleRecorder recorder = new FiredRuleRecorder();

    private final DmnEngine engine;

    /**
     * Results by table and the variables it may read. A table is a pure function of its
     * variables, and on a patch day hundreds of changes bring the same facts (the same
     * patch on the same kind of asset); FEEL evaluation is most of an assessment's CPU. A
     * table that reads three variables is evaluated once for each combination of those
     * three, whatever the other facts (ADR 0051). A new deployment is a new definition
     * id, so an edited table is never answered from the cache.
     */
    private final Map<List<Object>, Evaluation> cache;

    private final AtomicLong hits = new AtomicLong();

    private final AtomicLong misses = new AtomicLong();

    DecisionTableEvaluator(int cacheSize) {
        DefaultDmnEngineConfiguration configuration = (DefaultDmnEngineConfiguration) DmnEngineConfiguration
            .createDefaultDmnEngineConfiguration();
        configuration.customPostDecisionEvaluationListeners(List.of(recorder));
        // FEEL only: this engine, like the process engine, finds no script engine (ADR
        // 0008)
        configuration.scriptEngineResolver(language -> null);
        this.engine = configuration.buildEngine();
        this.cache = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<List<Object>, Evaluation> eldest) {
                return size() > cacheSize;
            }
        });
    }

    /**
     * Removes the model's required-decision links, so that each decision parses as a
     * table of its own. Changes the model: hand it a copy of one that others read.
     */
    static DmnModelInstance withoutRequirements(DmnModelInstance model) {
        for (InformationRequirement requirement : new ArrayList<>(
                model.getModelElementsByType(InformationRequirement.class))) {
            requirement.getParentElement().removeChildElement(requirement);
        }
        return model;
    }

    /** One decision of a model without required-decision links. */
    Table parse(DmnModelInstance model, String key, String version) {
        return new Table(key, version, engine.parseDecision(key, model), notes(model), DecisionText.of(model, key));
    }

    /** Every decision of a model without required-decision links, by key. */
    Map<String, Table> parseAll(DmnModelInstance model, String version) {
        Map<String, String> notes = notes(model);
        Map<String, Table> tables = new LinkedHashMap<>();
        for (DmnDecision decision : engine.parseDecisions(model)) {
            tables.put(decision.getKey(),
                    new Table(decision.getKey(), version, decision, notes, DecisionText.of(model, decision.getKey())));
        }
        return tables;
    }

    /**
     * Evaluates the decisions in this order, each exactly once, the outputs of each
     * handed to the ones after it.
     * @param sources the table to evaluate for a key, and the evaluator to evaluate it
     */
    static Map<String, Evaluation> evaluateInOrder(List<String> decisionKeys, Map<String, Object> inputs,
            Function<String, Source> sources) {
        Map<String, Object> variables = new HashMap<>(inputs);
        Map<String, Evaluation> evaluations = new LinkedHashMap<>();
        for (String key : decisionKeys) {
            Source source = sources.apply(key);
            Evaluation evaluation = source.evaluator().evaluate(source.table(), variables);
            // what a later table that requires this one reads: its outputs, by name
            variables.putAll(evaluation.result());
            evaluations.put(key, evaluation);
        }
        return evaluations;
    }

    /** The table's result for these variables, from the cache if it is there. */
    private Evaluation evaluate(Table table, Map<String, Object> variables) {
        Map<String, Object> read = new HashMap<>();
        variables.forEach((name, value) -> {
            if (table.mayRead(name)) {
                read.put(name, value);
            }
        });
        List<Object> cacheKey = List.of(table.version(), table.key(), read);
        Evaluation known = cache.get(cacheKey);
        if (known != null) {
            hits.incrementAndGet();
            return known;
        }
        misses.incrementAndGet();
        Evaluation evaluation = evaluateNow(table, variables);
        cache.put(cacheKey, evaluation);
        return evaluation;
    }

    private Evaluation evaluateNow(Table table, Map<String, Object> variables) {
        FiredRuleRecorder.Recorded<DmnDecisionResult> recorded = recorder
            .record(() -> engine.evaluateDecision(table.decision(), variables));
        DmnDecisionResult result = recorded.result();
        if (result.size() != 1) {
            throw new IllegalStateException("decision " + table.key() + " must give exactly one result, gave "
                    + result.size() + " for " + variables);
        }
        List<FiredRule> fired = new ArrayList<>();
        for (DmnDecisionEvaluationEvent event : recorded.events()) {
            if (event.getDecisionResult() instanceof DmnDecisionTableEvaluationEvent evaluated) {
                for (DmnEvaluatedDecisionRule rule : evaluated.getMatchingRules()) {
                    Map<String, Object> outputs = new LinkedHashMap<>();
                    for (DmnEvaluatedOutput output : rule.getOutputEntries().values()) {
                        outputs.put(output.getOutputName(), output.getValue().getValue());
                    }
                    fired.add(new FiredRule(table.key(), table.decision().getName(), rule.getId(),
                            table.notes().get(rule.getId()), outputs));
                }
            }
        }
        Map<String, Object> outputs = new HashMap<>(result.getSingleResult().getEntryMap());
        return new Evaluation(Collections.unmodifiableMap(outputs), List.copyOf(fired));
    }

    /** Table evaluations answered from the cache and evaluated, since start. */
    long[] cacheCounts() {
        return new long[] { hits.get(), misses.get() };
    }

    private static Map<String, String> notes(DmnModelInstance model) {
        Map<String, String> notes = new HashMap<>();
        for (Rule rule : model.getModelElementsByType(Rule.class)) {
            Description description = rule.getDescription();
            if (description != null && description.getTextContent() != null) {
                notes.put(rule.getId(), description.getTextContent().strip());
            }
        }
        return notes;
    }

}
