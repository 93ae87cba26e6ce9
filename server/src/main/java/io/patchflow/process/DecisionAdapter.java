package io.patchflow.process;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedOutput;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Description;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.springframework.stereotype.Component;

import io.patchflow.risk.DecisionPort;

@Component
class DecisionAdapter implements DecisionPort {

    private final DecisionService decisions;
    private final RepositoryService repository;
    private final FiredRuleRecorder recorder;
    /** Rule annotations per deployed decision definition; a redeployed table is a new definition id. */
    private final Map<String, Map<String, String>> descriptions = new ConcurrentHashMap<>();

    DecisionAdapter(DecisionService decisions, RepositoryService repository, FiredRuleRecorder recorder) {
        this.decisions = decisions;
        this.repository = repository;
        this.recorder = recorder;
    }

    @Override
    public Evaluation evaluate(String decisionKey, Map<String, Object> inputs) {
        FiredRuleRecorder.Recorded<DmnDecisionResult> recorded =
                recorder.record(() -> decisions.evaluateDecisionByKey(decisionKey).variables(inputs).evaluate());
        DmnDecisionResult result = recorded.result();
        if (result.size() != 1) {
            throw new IllegalStateException("decision " + decisionKey + " must give exactly one result, gave " + result.size()
                    + " for " + inputs);
        }
        List<FiredRule> fired = new ArrayList<>();
        for (DmnDecisionEvaluationEvent event : recorded.events()) {
            // Only the evaluated decision's own table: the required ones are evaluated, and recorded, on their own.
            if (event.getDecisionResult() instanceof DmnDecisionTableEvaluationEvent table
                    && decisionKey.equals(table.getDecision().getKey())) {
                Map<String, String> notes = descriptionsOf(table.getDecision());
                for (DmnEvaluatedDecisionRule rule : table.getMatchingRules()) {
                    Map<String, Object> outputs = new LinkedHashMap<>();
                    for (DmnEvaluatedOutput output : rule.getOutputEntries().values()) {
                        outputs.put(output.getOutputName(), output.getValue().getValue());
                    }
                    fired.add(new FiredRule(decisionKey, table.getDecision().getName(), rule.getId(), notes.get(rule.getId()), outputs));
                }
            }
        }
        return new Evaluation(new HashMap<>(result.getSingleResult().getEntryMap()), fired);
    }

    private Map<String, String> descriptionsOf(DmnDecision decision) {
        if (!(decision instanceof DecisionDefinition definition)) {
            return Map.of();
        }
        return descriptions.computeIfAbsent(definition.getId(), id -> {
            DmnModelInstance model = repository.getDmnModelInstance(id);
            Map<String, String> notes = new HashMap<>();
            for (Rule rule : model.getModelElementsByType(Rule.class)) {
                Description description = rule.getDescription();
                if (description != null && description.getTextContent() != null) {
                    notes.put(rule.getId(), description.getTextContent().strip());
                }
            }
            return notes;
        });
    }
}
