package io.patchflow.risk;

import java.util.List;
import java.util.Map;

/**
 * Evaluates one decision of bpmn/change-risk.dmn: its result, and the rules of its own
 * table that fired.
 */
public interface DecisionTables {

    Evaluation evaluate(String decisionKey, Map<String, Object> inputs);

    /**
     * Evaluates the decisions in this order, each exactly once; the outputs of each are
     * variables for the ones after it (what the tables' required-decision links say).
     */
    Map<String, Evaluation> evaluateInOrder(List<String> decisionKeys, Map<String, Object> inputs);

    /**
     * @param result the single result row (for a collect-sum table: the sum)
     */
    record Evaluation(Map<String, Object> result, List<FiredRule> firedRules) {
    }

    /**
     * A rule of the evaluated decision's table that matched, with its annotation and
     * outputs.
     */
    record FiredRule(String decisionKey, String decisionName, String ruleId, String description,
            Map<String, Object> outputs) {
    }

}
