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

    Optional<InboxTask> task(Actor actor, String taskId);

    /** The task's Camunda Form (form-js JSON), as deployed with the process. */
    String formSchema(String taskId);

    /**
     * Sets the task's assignee (the engine's), as the actor: themselves to claim it, null
     * to give it back, a colleague to hand it on. The inbox has checked who may.
     */
    void assign(Actor actor, String taskId, String assignee);

    /**
     * The form answers that approve this task, for the tasks whose decision is "approve"
     * or not (a technical review: its decision variable set to {@code approve}; a CAB
     * vote: its vote set to {@code approve}); empty for every other task. Bulk approval
     * (ADR 0037) submits these through {@link #complete}, as the task's page would.
     */
    Optional<Map<String, Object>> approvingAnswers(String taskId);

    /**
     * The form answers of one decision on this task, named as its model names them (its
     * {@code decisionVariable} and {@code commentVariable}): for a client that records a
     * decision taken elsewhere (a CAB meeting, ADR 0040) without knowing the form. Empty
     * for a task that records no decision. The form check on completion still applies.
     */
    Optional<Map<String, Object>> decisionAnswers(String taskId, String decision, String comment);

    /** Claims the task for the actor if nobody has, then completes it, as the actor. */
    void complete(Actor actor, String taskId, Map<String, Object> variables);

}
