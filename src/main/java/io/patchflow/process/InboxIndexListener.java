package io.patchflow.process;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.model.bpmn.instance.BaseElement;

import io.patchflow.approval.ApprovalStep;
import io.patchflow.change.ChangeId;
import io.patchflow.inbox.InboxIndex;
import io.patchflow.inbox.IndexedTask;
import io.patchflow.process.model.PatchChange;

/**
 * Keeps the inbox's index in step with the engine's user tasks (ADR 0036); on every user
 * task ({@link OnEveryUserTask}), in the engine's transaction, so the index commits and
 * rolls back with the task.
 */
final class InboxIndexListener implements TaskListener {

    private final InboxIndex index;

    InboxIndexListener(InboxIndex index) {
        this.index = index;
    }

    /** The events it follows: a task's whole life. */
    static final List<String> EVENTS = List.of(EVENTNAME_CREATE, EVENTNAME_ASSIGNMENT, EVENTNAME_COMPLETE,
            EVENTNAME_DELETE);

    @Override
    public void notify(DelegateTask task) {
        switch (task.getEventName()) {
            case EVENTNAME_CREATE -> indexed(task);
            case EVENTNAME_ASSIGNMENT -> this.index.assigned(task.getId(), task.getAssignee());
            default -> this.index.ended(task.getId());
        }
    }

    private void indexed(DelegateTask task) {
        ChangeId change;
        try {
            change = ChangeId.parse(task.getExecution().getProcessBusinessKey());
        }
        catch (RuntimeException e) {
            return; // not a change's task: the inbox lists only changes' tasks
        }
        this.index.created(indexed(task, change));
    }

    static IndexedTask indexed(DelegateTask task, ChangeId change) {
        Map<String, String> properties = ModelProperties.of((BaseElement) task.getBpmnModelElementInstance());
        String step = properties.get(PatchChange.PROP_DECISION_STEP);
        Object round = task.getVariable(PatchChange.VAR_APPROVAL_ROUND);
        List<String> groups = task.getCandidates()
            .stream()
            .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
            .map(IdentityLink::getGroupId)
            .sorted()
            .toList();
        return new IndexedTask(task.getId(), change, task.getTenantId(), task.getTaskDefinitionKey(), task.getName(),
                instant(task.getCreateTime()), instant(task.getDueDate()), task.getAssignee(), groups,
                "true".equals(properties.get(PatchChange.PROP_FOUR_EYES)),
                step == null ? null : ApprovalStep.valueOf(step), round instanceof Integer r ? r : 0);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

}
