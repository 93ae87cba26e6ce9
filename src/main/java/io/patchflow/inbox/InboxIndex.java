package io.patchflow.inbox;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

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
