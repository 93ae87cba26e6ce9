package io.patchflow.process;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.persistence.entity.PropertyChange;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.IdentityLink;
import org.springframework.context.ApplicationEventPublisher;

import io.patchflow.change.ChangeId;
import io.patchflow.inbox.TaskAssignment;

/**
 * Tells Patchflow when a person's task of a change is offered to groups, assigned or
 * delegated, as a {@link TaskAssignment} event, in the engine's transaction; on every
 * user task ({@link OnEveryUserTask}).
 * <p>
 * Camunda's own Spring eventing stays off: it would publish every task event of every
 * kind, and the notification package would have to know Camunda's classes to read them.
 */
class TaskAssignmentListener implements TaskListener {

    private final ApplicationEventPublisher events;

    TaskAssignmentListener(ApplicationEventPublisher events) {
        this.events = events;
    }

    /** The events it follows. */
    static final List<String> EVENTS = List.of(EVENTNAME_CREATE, EVENTNAME_ASSIGNMENT);

    @Override
    public void notify(DelegateTask task) {
        ChangeId change = changeOf(task);
        if (change == null || task.getTenantId() == null) {
            return; // not a change's task (no business key that is a change id)
        }
        String assignee = task.getAssignee();
        if (EVENTNAME_CREATE.equals(task.getEventName())) {
            if (assignee != null) {
                return; // the assignment event that follows says it
            }
            List<String> groups = task.getCandidates()
                .stream()
                .map(IdentityLink::getGroupId)
                .filter(g -> g != null)
                .sorted()
                .toList();
            if (!groups.isEmpty()) {
                events.publishEvent(new TaskAssignment(task.getId(), task.getName(), change, task.getTenantId(),
                        TaskAssignment.Kind.OFFERED, null, groups));
            }
            return;
        }
        if (assignee == null || assignee.equals(currentUser(task))) {
            return; // released, or a person took the task themselves
        }
        boolean delegated = (task.getOwner() != null && !task.getOwner().equals(assignee))
                || previousAssignee(task) != null;
        events.publishEvent(new TaskAssignment(task.getId(), task.getName(), change, task.getTenantId(),
                delegated ? TaskAssignment.Kind.DELEGATED : TaskAssignment.Kind.ASSIGNED, assignee, List.of()));
    }

    private static ChangeId changeOf(DelegateTask task) {
        String key = task.getExecution() == null ? null : task.getExecution().getProcessBusinessKey();
        // business key = change id (CHG-42); other processes' tasks have none or another
        if (key == null || !key.matches("CHG-[1-9][0-9]{0,17}")) {
            return null;
        }
        return ChangeId.parse(key);
    }

    private static String currentUser(DelegateTask task) {
        Authentication authentication = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        return authentication == null ? null : authentication.getUserId();
    }

    /** Who had the task before this assignment; null if nobody. */
    private static String previousAssignee(DelegateTask task) {
        if (task instanceof TaskEntity entity) {
            PropertyChange change = entity.getPropertyChanges().get(TaskEntity.ASSIGNEE);
            return change == null || change.getOrgValue() == null ? null : change.getOrgValue().toString();
        }
        return null;
    }

}
