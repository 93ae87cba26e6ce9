package io.patchflow.inbox;

import java.util.Map;
import java.util.Optional;

import io.patchflow.security.Actor;
import io.patchflow.shared.Page;

/**
 * People's tasks, from the engine. Implemented by the workflow adapter, which re-checks
 * on every call that the person may see the task (their customers, their groups, or
 * assigned to them).
 */
public interface TaskInbox {

    Page<InboxTask> tasksFor(Actor actor, int page, int size);

    Optional<InboxTask> task(Actor actor, String taskId);

    /** The task's Camunda Form (form-js JSON), as deployed with the process. */
    String formSchema(String taskId);

    /** Claims the task for the actor if nobody has, then completes it, as the actor. */
    void complete(Actor actor, String taskId, Map<String, Object> variables);

}
