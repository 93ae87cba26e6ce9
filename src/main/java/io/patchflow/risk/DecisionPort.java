package io.patchflow.risk;

import java.util.Map;

/** Evaluates one decision table of bpmn/change-risk.dmn and returns its single result row. */
public interface DecisionPort {

    Map<String, Object> evaluate(String decisionKey, Map<String, Object> inputs);
}
