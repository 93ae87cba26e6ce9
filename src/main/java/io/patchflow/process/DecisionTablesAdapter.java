package io.patchflow.process;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.springframework.stereotype.Component;

import io.patchflow.risk.DecisionTables;

/**
 * Evaluates the risk tables of the latest deployed bpmn/change-risk.dmn, each table
 * exactly once ({@link DecisionTableEvaluator}, ADR 0020). The deployed model is parsed
 * once per deployed version of each table.
 */
@Component
class DecisionTablesAdapter implements DecisionTables {

    static final int CACHE_SIZE = 5_000;

    private final RepositoryService repository;

    private final DecisionTableEvaluator evaluator = new DecisionTableEvaluator(CACHE_SIZE);

    /** Parsed tables, per deployed decision definition id. */
    private final Map<String, DecisionTableEvaluator.Table> parsed = new ConcurrentHashMap<>();

    DecisionTablesAdapter(RepositoryService repository) {
        this.repository = repository;
    }

    @Override
    public Evaluation evaluate(String decisionKey, Map<String, Object> inputs) {
        return evaluateInOrder(List.of(decisionKey), inputs).get(decisionKey);
    }

    @Override
    public Map<String, Evaluation> evaluateInOrder(List<String> decisionKeys, Map<String, Object> inputs) {
        return DecisionTableEvaluator.evaluateInOrder(decisionKeys, inputs,
                key -> new DecisionTableEvaluator.Source(deployed(key), evaluator));
    }

    /** Table evaluations answered from the cache and evaluated, since start. */
    long[] cacheCounts() {
        return evaluator.cacheCounts();
    }

    /** Where the deployed tables are evaluated, with their cache. */
    DecisionTableEvaluator evaluator() {
        return evaluator;
    }

    /** The latest deployed version of the table, parsed. */
    DecisionTableEvaluator.Table deployed(String key) {
        DecisionDefinition latest = repository.createDecisionDefinitionQuery()
            .decisionDefinitionKey(key)
            .latestVersion()
            .withoutTenantId()
            .singleResult();
        if (latest == null) {
            throw new IllegalStateException("no decision " + key + " is deployed");
        }
        return parsed.computeIfAbsent(latest.getId(), id -> parse(latest));
    }

    /**
     * The deployed table as a decision of its own: a copy of the model (the engine's own
     * is shared) without its required-decision links.
     */
    private DecisionTableEvaluator.Table parse(DecisionDefinition definition) {
        DmnModelInstance deployed = repository.getDmnModelInstance(definition.getId());
        DmnModelInstance copy = Dmn.readModelFromStream(
                new ByteArrayInputStream(Dmn.convertToString(deployed).getBytes(StandardCharsets.UTF_8)));
        return evaluator.parse(DecisionTableEvaluator.withoutRequirements(copy), definition.getKey(),
                definition.getId());
    }

}
