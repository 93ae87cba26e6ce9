package io.patchflow.inbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.patchflow.security.Actor;

/**
 * People's tasks, from the engine. Implemented by the workflow adapter, which re-checks
 * on every call that the person may see the task (their customers, their groups, or
 * assigned to them).
 */
public interface TaskInbox {

    /**
     * Every open task the person may see, due first, then oldest first. All of them, not
     * a page: the inbox leaves out the ones the approval rules would refuse this person
     * before it pages (ADR 0032).
     */
    List<InboxTask> tasksFor(Actor actor);

    Optional<InboxTask> task(Actor actor, String taskId);

    /** The task's Camunda Form (form-js JSON), as deployed with the process. */
    String formSchema(String taskId);

    /** Claims the task for the actor if nobody has, then completes it, as the actor. */
    void complete(Actor actor, String taskId, Map<String, Object> variables);

}
