package io.patchflow.process;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.dmn.engine.delegate.DmnDecisionEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionEvaluationListener;

/**
 * Hands the DMN engine's evaluation events to the thread that asked for the evaluation.
 * The DMN engine knows which rules matched, but its result only carries outputs; a change
 * page that explains itself needs the rules. Only evaluations inside {@link #record} are
 * kept, so the engine's own business-rule tasks cost nothing.
 */
class FiredRuleRecorder implements DmnDecisionEvaluationListener {

    private final ThreadLocal<List<DmnDecisionEvaluationEvent>> events = new ThreadLocal<>();

    @Override
    public void notify(DmnDecisionEvaluationEvent event) {
        List<DmnDecisionEvaluationEvent> list = events.get();
        if (list != null) {
            list.add(event);
        }
    }

    <T> Recorded<T> record(java.util.function.Supplier<T> evaluation) {
        List<DmnDecisionEvaluationEvent> list = new ArrayList<>();
        events.set(list);
        try {
            T result = evaluation.get();
            return new Recorded<>(result, List.copyOf(list));
        }
        finally {
            events.remove();
        }
    }

    record Recorded<T>(T result, List<DmnDecisionEvaluationEvent> events) {
    }

}
