package io.patchflow.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.approval.ApprovalStep;
import io.patchflow.approval.ApprovalTasks;
import io.patchflow.change.ChangeId;
import io.patchflow.inbox.InboxIndex;
import io.patchflow.inbox.InboxTask;
import io.patchflow.inbox.IndexedTask;
import io.patchflow.inbox.TaskInbox;
import io.patchflow.process.model.PatchChange;
import io.patchflow.security.Actor;
import io.patchflow.shared.ConflictException;

/**
 * Tasks from the engine's task service. Every query is limited to the person's customers
 * and to tasks assigned to them or offered to them or their groups; a task outside that
 * is "not found".
 */
@Component
class TaskInboxAdapter implements TaskInbox, ApprovalTasks {

    private static final Logger LOG = LoggerFactory.getLogger(TaskInboxAdapter.class);

    private final TaskService tasks;

    private final RuntimeService runtime;

    private final RepositoryService repository;

    private final FormService forms;

    private final ActingUser actingUser;

    private final InboxIndex index;

    TaskInboxAdapter(TaskService tasks, RuntimeService runtime, RepositoryService repository, FormService forms,
            ActingUser actingUser, InboxIndex index) {
        this.tasks = tasks;
        this.runtime = runtime;
        this.repository = repository;
        this.forms = forms;
        this.actingUser = actingUser;
        this.index = index;
    }

    /**
     * When the inbox's index and the engine disagree on how many tasks are open (a
     * database from before the index, a restore), the index is rebuilt from the engine.
     */
    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public void checkIndex() {
        long open = tasks.createTaskQuery().processDefinitionKey(PatchChange.PROCESS_KEY).count();
        if (open == index.size()) {
            return;
        }
        List<IndexedTask> indexed = new ArrayList<>();
        for (int first = 0; first < open; first += 500) {
            List<Task> batch = tasks.createTaskQuery()
                .processDefinitionKey(PatchChange.PROCESS_KEY)
                .orderByTaskId()
                .asc()
                .listPage(first, 500);
            Map<String, String> keys = businessKeys(batch);
            for (Task task : batch) {
                InboxTask view = view(task, keys.get(task.getProcessInstanceId()), candidateGroups(task.getId()));
                indexed.add(new IndexedTask(view.id(), view.changeId(), view.customerId(), view.taskDefinitionKey(),
                        view.name(), task.getCreateTime().toInstant(),
                        task.getDueDate() == null ? null : task.getDueDate().toInstant(), view.assignee(),
                        view.candidateGroups(), view.fourEyes(), view.decisionStep(), view.approvalRound()));
            }
        }
        index.rebuild(indexed);
        LOG.info("Inbox index rebuilt from the engine: {} open task(s) (it held {})", indexed.size(), open);
    }

    @Override
    public Optional<InboxTask> task(Actor actor, String taskId) {
        if (actor.customerIds().isEmpty() || taskId == null || taskId.length() > 64) {
            return Optional.empty();
        }
        Task task = visibleTo(actor).taskId(taskId).singleResult();
        if (task == null) {
            return Optional.empty();
        }
        return Optional
            .of(view(task, businessKeys(List.of(task)).get(task.getProcessInstanceId()), candidateGroups(taskId)));
    }

    @Override
    public String formSchema(String taskId) {
        try (InputStream form = forms.getDeployedTaskForm(taskId)) {
            return new String(form.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new IllegalStateException("cannot read the form of task " + taskId, e);
        }
    }

    /**
     * The decision variable and its approving value of each task bulk approval may
     * decide; the task's model must name the same decision variable.
     */
    private static final Map<String, Map.Entry<String, String>> APPROVING = Map.of(PatchChange.TASK_REVIEW_TECHNICALLY,
            Map.entry(PatchChange.VAR_REVIEW_DECISION, PatchChange.ReviewDecision.APPROVE),
            PatchChange.TASK_APPROVE_CHANGE, Map.entry(PatchChange.VAR_CAB_VOTE, PatchChange.CabVote.APPROVE));

    @Override
    public Optional<Map<String, Object>> approvingAnswers(String taskId) {
        Task task = taskId == null ? null
                : tasks.createTaskQuery().processDefinitionKey(PatchChange.PROCESS_KEY).taskId(taskId).singleResult();
        Map.Entry<String, String> approving = task == null ? null : APPROVING.get(task.getTaskDefinitionKey());
        if (approving == null) {
            return Optional.empty();
        }
        Map<String, String> properties = ModelProperties.of(repository, task.getProcessDefinitionId(),
                task.getTaskDefinitionKey());
        if (!approving.getKey().equals(properties.get(PatchChange.PROP_DECISION_VARIABLE))) {
            return Optional.empty();
        }
        return Optional.of(Map.of(approving.getKey(), approving.getValue()));
    }

    @Override
    public Optional<Map<String, Object>> decisionAnswers(String taskId, String decision, String comment) {
        Task task = taskId == null ? null
                : tasks.createTaskQuery().processDefinitionKey(PatchChange.PROCESS_KEY).taskId(taskId).singleResult();
        if (task == null) {
            return Optional.empty();
        }
        Map<String, String> properties = ModelProperties.of(repository, task.getProcessDefinitionId(),
                task.getTaskDefinitionKey());
        String decisionVariable = properties.get(PatchChange.PROP_DECISION_VARIABLE);
        if (decisionVariable == null) {
            return Optional.empty();
        }
        Map<String, Object> answers = new java.util.HashMap<>();
        answers.put(decisionVariable, decision);
        String commentVariable = properties.get(PatchChange.PROP_COMMENT_VARIABLE);
        if (commentVariable != null && comment != null && !comment.isBlank()) {
            answers.put(commentVariable, comment);
        }
        return Optional.of(answers);
    }

    @Override
    public void assign(Actor actor, String taskId, String assignee) {
        try {
            actingUser.run(actor, () -> tasks.setAssignee(taskId, assignee));
        }
        catch (OptimisticLockingException e) {
            throw new ConflictException("someone else changed this task at the same moment; try again");
        }
    }

    @Override
    public void complete(Actor actor, String taskId, Map<String, Object> variables) {
        try {
            actingUser.run(actor, () -> {
                Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
                if (task.getAssignee() == null) {
                    tasks.claim(taskId, actor.username());
                }
                tasks.complete(taskId, variables);
            });
        }
        catch (OptimisticLockingException e) {
            // Two people completed tasks of the same change at the same moment; the later
            // one retries.
            throw new ConflictException("someone else completed a task of this change at the same moment; try again");
        }
    }

    @Override
    public int offerTo(ChangeId change, String taskDefinitionKey, String group) {
        List<Task> open = tasks.createTaskQuery()
            .processInstanceBusinessKey(change.toString())
            .taskDefinitionKey(taskDefinitionKey)
            .list();
        open.forEach(t -> {
            tasks.addCandidateGroup(t.getId(), group);
            index.offered(t.getId(), group);
        });
        return open.size();
    }

    private List<String> candidateGroups(String taskId) {
        return tasks.getIdentityLinksForTask(taskId)
            .stream()
            .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
            .map(IdentityLink::getGroupId)
            .sorted()
            .toList();
    }

    private TaskQuery visibleTo(Actor actor) {
        TaskQuery either = tasks.createTaskQuery()
            .tenantIdIn(actor.sortedCustomerIds().toArray(String[]::new))
            .active()
            .or()
            .taskAssignee(actor.username())
            .taskCandidateUser(actor.username());
        if (!actor.groupIds().isEmpty()) {
            either = either.taskCandidateGroupIn(actor.groupIds());
        }
        return either.endOr();
    }

    /** One query for all business keys of a page of tasks. */
    private Map<String, String> businessKeys(List<Task> found) {
        Set<String> instances = found.stream().map(Task::getProcessInstanceId).collect(Collectors.toSet());
        if (instances.isEmpty()) {
            return Map.of();
        }
        return runtime.createProcessInstanceQuery()
            .processInstanceIds(instances)
            .list()
            .stream()
            .collect(Collectors.toMap(ProcessInstance::getId, ProcessInstance::getBusinessKey, (a, b) -> a));
    }

    private InboxTask view(Task task, String businessKey, List<String> candidateGroups) {
        Map<String, String> properties = ModelProperties.of(repository, task.getProcessDefinitionId(),
                task.getTaskDefinitionKey());
        String step = properties.get(PatchChange.PROP_DECISION_STEP);
        boolean fourEyes = "true".equals(properties.get(PatchChange.PROP_FOUR_EYES));
        // The round only matters where the four-eyes rule counts earlier votes; read as
        // RecordDecisionListener reads it when the task completes.
        Object round = fourEyes && step != null ? tasks.getVariable(task.getId(), PatchChange.VAR_APPROVAL_ROUND)
                : null;
        return new InboxTask(task.getId(), task.getName(), task.getTaskDefinitionKey(), ChangeId.parse(businessKey),
                task.getTenantId(), time(task.getCreateTime()), time(task.getDueDate()), task.getAssignee(),
                candidateGroups, fourEyes, step == null ? null : ApprovalStep.valueOf(step),
                round == null ? 0 : (Integer) round, null, null);
    }

    private static OffsetDateTime time(Date date) {
        return date == null ? null : date.toInstant().atOffset(ZoneOffset.UTC);
    }

}
