package io.patchflow.process;

import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.DecisionService;
import org.springframework.stereotype.Component;

import io.patchflow.risk.DecisionPort;

@Component
class DecisionAdapter implements DecisionPort {

    private final DecisionService decisions;

    DecisionAdapter(DecisionService decisions) {
        this.decisions = decisions;
    }

    @Override
    public Map<String, Object> evaluate(String decisionKey, Map<String, Object> inputs) {
        DmnDecisionResult result = decisions.evaluateDecisionByKey(decisionKey).variables(inputs).evaluate();
        if (result.size() != 1) {
            throw new IllegalStateException("decision " + decisionKey + " must give exactly one result, gave " + result.size()
                    + " for " + inputs);
        }
        return result.getSingleResult().getEntryMap();
    }
}
