package io.patchflow.process;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedOutput;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Description;
import org.camunda.bpm.model.dmn.instance.InformationRequirement;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.springframework.stereotype.Component;

import io.patchflow.risk.DecisionTables;

/**
 * Evaluates the risk tables of the latest deployed bpmn/change-risk.dmn, each table
 * exactly once.
 * <p>
 * Through the engine's DecisionService every decision re-evaluates the decisions it
 * requires, so one assessment ran the 22-rule score table five times, and each evaluation
 * wrote decision history rows that nobody reads (the assessment keeps its own record of
 * the rules that fired). Here the deployed model is parsed once per deployed version into
 * a DMN engine of its own, without history and without the required-decision links; the
 * tables are evaluated in the order the links give, each one's outputs handed to the next
 * as variables, exactly as the links would (docs/benchmarks.md, ADR 0020).
 */
@Component
class DecisionTablesAdapter implements DecisionTables {

    private final RepositoryService repository;

    private final FiredRuleRecorder recorder = new FiredRuleRecorder();

    private final DmnEngine engine;

    /**
     * Parsed tables and their rules' annotations, per deployed decision definition id.
     */
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(DmnDecision decision, Map<String, String> notes) {
    }

    /**
     * Results by deployed table and variables. A table is a pure function of its
     * variables, and on a patch day hundreds of changes bring the same facts (the same
     * patch on the same kind of asset); FEEL evaluation is most of an assessment's CPU. A
     * new deployment is a new definition id, so an edited table is never answered from
     * the cache.
     */
    private final Map<List<Object>, Evaluation> cache = Collections
        .synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<List<Object>, Evaluation> eldest) {
                return size() > CACHE_SIZE;
            }
        });
    static final int CACHE_SIZE = 5_000;

    private final AtomicLong hits = new AtomicLong();

    private final AtomicLong misses = new AtomicLong();

    DecisionTablesAdapter(RepositoryService repository) {
        this.repository = repository;
        DefaultDmnEngineConfiguration configuration = (DefaultDmnEngineConfiguration) DmnEngineConfiguration
            .createDefaultDmnEngineConfiguration();
        configuration.customPostDecisionEvaluationListeners(List.of(recorder));
        // FEEL only: this engine, like the process engine, finds no script engine (ADR
        // 0008)
        configuration.scriptEngineResolver(language -> null);
        this.engine = configuration.buildEngine();
    }

    @Override
    public Evaluation evaluate(String decisionKey, Map<String, Object> inputs) {
        return evaluateInOrder(List.of(decisionKey), inputs).get(decisionKey);
    }

    @Override
    public Map<String, Evaluation> evaluateInOrder(List<String> decisionKeys, Map<String, Object> inputs) {
        Map<String, Object> variables = new HashMap<>(inputs);
        Map<String, Evaluation> evaluations = new LinkedHashMap<>();
        for (String key : decisionKeys) {
            DecisionDefinition latest = repository.createDecisionDefinitionQuery()
                .decisionDefinitionKey(key)
                .latestVersion()
                .withoutTenantId()
                .singleResult();
            if (latest == null) {
                throw new IllegalStateException("no decision " + key + " is deployed");
            }
            Parsed table = parsed.computeIfAbsent(latest.getId(), id -> parse(latest));
            List<Object> cacheKey = List.of(latest.getId(), new HashMap<>(variables));
            Evaluation known = cache.get(cacheKey);
            if (known != null) {
                hits.incrementAndGet();
                variables.putAll(known.result());
                evaluations.put(key, known);
                continue;
            }
            misses.incrementAndGet();
            FiredRuleRecorder.Recorded<DmnDecisionResult> recorded = recorder
                .record(() -> engine.evaluateDecision(table.decision(), variables));
            DmnDecisionResult result = recorded.result();
            if (result.size() != 1) {
                throw new IllegalStateException("decision " + key + " must give exactly one result, gave "
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
                        fired.add(new FiredRule(key, table.decision().getName(), rule.getId(),
                                table.notes().get(rule.getId()), outputs));
                    }
                }
            }
            Map<String, Object> outputs = new HashMap<>(result.getSingleResult().getEntryMap());
            // what a later table that requires this one reads: its outputs, by name
            variables.putAll(outputs);
            Evaluation evaluation = new Evaluation(Collections.unmodifiableMap(outputs), List.copyOf(fired));
            cache.put(cacheKey, evaluation);
            evaluations.put(key, evaluation);
        }
        return evaluations;
    }

    /** Table evaluations answered from the cache and evaluated, since start. */
    long[] cacheCounts() {
        return new long[] { hits.get(), misses.get() };
    }

    /**
     * The deployed table as a decision of its own: the model without its
     * required-decision links.
     */
    private Parsed parse(DecisionDefinition definition) {
        DmnModelInstance deployed = repository.getDmnModelInstance(definition.getId());
        DmnModelInstance copy = Dmn.readModelFromStream(
                new ByteArrayInputStream(Dmn.convertToString(deployed).getBytes(StandardCharsets.UTF_8)));
        for (InformationRequirement requirement : new ArrayList<>(
                copy.getModelElementsByType(InformationRequirement.class))) {
            requirement.getParentElement().removeChildElement(requirement);
        }
        DmnDecision decision = engine.parseDecision(definition.getKey(), copy);
        Map<String, String> notes = new HashMap<>();
        for (Rule rule : copy.getModelElementsByType(Rule.class)) {
            Description description = rule.getDescription();
            if (description != null && description.getTextContent() != null) {
                notes.put(rule.getId(), description.getTextContent().strip());
            }
        }
        return new Parsed(decision, notes);
    }

}
