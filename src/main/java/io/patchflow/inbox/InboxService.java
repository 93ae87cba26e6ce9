package io.patchflow.inbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.approval.ApprovalService;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeRequest;
import io.patchflow.changeview.ChangeDetails;
import io.patchflow.changeview.ChangeDetailsService;
import io.patchflow.security.Actor;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.shared.Page;

/** The inbox: my tasks and my groups' tasks, each with the change it is about. */
@Service
public class InboxService {

    private final TaskInbox inbox;

    private final ChangeLifecycle changes;

    private final ChangeDetailsService changeDetails;

    private final ApprovalService approvals;

    InboxService(TaskInbox inbox, ChangeLifecycle changes, ChangeDetailsService changeDetails,
            ApprovalService approvals) {
        this.inbox = inbox;
        this.changes = changes;
        this.changeDetails = changeDetails;
        this.approvals = approvals;
    }

    /**
     * The tasks this person may complete: a task the approval rules would refuse them (a
     * CAB seat of a change they already voted on in this round, a review of a change they
     * requested) is not offered. Paged after that, so pages and totals count only what is
     * listed.
     */
    public Page<InboxTask> tasks(Actor actor, int page, int size) {
        int checkedPage = Page.checkedPage(page);
        int checkedSize = Page.checkedSize(size);
        List<InboxTask> offered = inbox.tasksFor(actor).stream().filter(t -> refusal(actor, t).isEmpty()).toList();
        Page<InboxTask> tasks = new Page<>(
                offered.stream().skip((long) checkedPage * checkedSize).limit(checkedSize).toList(), checkedPage,
                checkedSize, offered.size());
        // One query for all the page's changes, not one per task.
        Map<ChangeId, ChangeRequest> byId = changes
            .find(tasks.items().stream().map(InboxTask::changeId).distinct().toList())
            .stream()
            .collect(Collectors.toMap(ChangeRequest::id, Function.identity()));
        return tasks.map(t -> {
            ChangeRequest change = byId.get(t.changeId());
            return change == null ? t : t.withChange(change.title(), change.requester());
        });
    }

    public TaskDetails task(Actor actor, String taskId) {
        InboxTask task = visible(actor, taskId);
        ChangeDetails change = changeDetails.details(actor, task.changeId());
        InboxTask withChange = task.withChange(change.change().title(), change.change().requester());
        return new TaskDetails(withChange, change, inbox.formSchema(taskId), refusal(actor, task).orElse(null));
    }

    /**
     * Validates the submission against the task's form and completes the task as the
     * actor. The four-eyes rule is checked again by the engine when the task completes.
     */
    @Transactional
    public void complete(Actor actor, String taskId, Map<String, Object> submitted) {
        InboxTask task = visible(actor, taskId);
        if (task.assignee() != null && !task.assignee().equals(actor.username())) {
            throw new ForbiddenException("this task is assigned to " + task.assignee());
        }
        Map<String, Object> variables = FormValidator.validate(inbox.formSchema(taskId), submitted);
        inbox.complete(actor, taskId, variables);
    }

    /**
     * The approval rule the engine enforces when the task completes, asked beforehand.
     */
    private Optional<String> refusal(Actor actor, InboxTask task) {
        return approvals.refusal(task.changeId(), task.approvalRound(), task.decisionStep(), task.fourEyes(),
                actor.username());
    }

    private InboxTask visible(Actor actor, String taskId) {
        return inbox.task(actor, taskId).orElseThrow(() -> new NotFoundException("no task " + taskId));
    }

    /**
     * A task with its change and form; {@code refusal} says why the server would refuse
     * this person's decision (null if it would not), and the page says so instead of
     * offering the form.
     */
    public record TaskDetails(InboxTask task, ChangeDetails change, String formSchema, String refusal) {

        public boolean mayComplete() {
            return refusal == null;
        }

    }

}
