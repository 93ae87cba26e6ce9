package io.patchflow.process;

import java.util.List;

import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Attaches Patchflow's own task listeners to every user task of every model, at parse
 * time, as built-in listeners: models neither name them nor can leave them out, and they
 * are not beans, so no model can call them either.
 */
final class OnEveryUserTask extends AbstractBpmnParseListener {

    private final List<String> events;

    private final TaskListener listener;

    OnEveryUserTask(List<String> events, TaskListener listener) {
        this.events = List.copyOf(events);
        this.listener = listener;
    }

    @Override
    public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask) {
            this.events.forEach(event -> userTask.getTaskDefinition().addBuiltInTaskListener(event, this.listener));
        }
    }

}
