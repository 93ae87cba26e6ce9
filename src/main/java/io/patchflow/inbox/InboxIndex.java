package io.patchflow.inbox;

import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.approval.ApprovalStep;
import io.patchflow.change.ChangeId;

/**
 * Keeps the inbox's index of open user tasks (ADR 0036). Called by the workflow adapter
 * in the engine's transaction whenever a user task is created, assigned, offered to
 * another group, completed or deleted, so the index commits or rolls back with the
 * engine; and on start-up, when it disagrees with the engine, rebuilt from it.
 */
@Service
public class InboxIndex {

    private final InboxTaskRepository tasks;

    InboxIndex(InboxTaskRepository tasks) {
        this.tasks = tasks;
    }

    @Transactional
    public void created(IndexedTask task) {
        tasks.insert(task);
    }

    @Transactional
    public void assigned(String taskId, String assignee) {
        tasks.assign(taskId, assignee);
    }

    @Transactional
    public void offered(String taskId, String group) {
        tasks.addGroup(taskId, group);
    }

    @Transactional
    public void ended(String taskId) {
        tasks.delete(taskId);
    }

    /**
     * The customer's open tasks of one decision step created until {@code createdUntil},
     * oldest first (the CAB meeting's agenda, ADR 0040).
     */
    @Transactional(readOnly = true)
    public List<OpenDecisionTask> openTasks(String customerId, ApprovalStep step, Instant createdUntil) {
        return tasks.openTasks(customerId, step, createdUntil);
    }

    /** The change's open tasks of one decision step, oldest first. */
    @Transactional(readOnly = true)
    public List<OpenDecisionTask> openTasks(ChangeId change, ApprovalStep step) {
        return tasks.openTasks(change, step);
    }

    public long size() {
        return tasks.count();
    }

    /** The index becomes exactly these tasks. */
    @Transactional
    public void rebuild(List<IndexedTask> open) {
        tasks.deleteAll();
        open.forEach(tasks::insert);
    }

}
