package io.patchflow.inbox;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.approval.ApprovalService;
import io.patchflow.audit.AuditTrail;
import io.patchflow.changeview.ChangeDetails;
import io.patchflow.changeview.ChangeDetailsService;
import io.patchflow.security.Actor;
import io.patchflow.security.AppUser;
import io.patchflow.security.UserDirectory;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.shared.Page;
import io.patchflow.shared.Text;

/** The inbox: my tasks and my groups' tasks, each with the change it is about. */
@Service
public class InboxService {

    private final TaskInbox inbox;

    private final ChangeDetailsService changeDetails;

    private final ApprovalService approvals;

    private final InboxTaskRepository index;

    private final UserDirectory users;

    private final AuditTrail audit;

    private final AbsenceRepository absences;

    private final Clock clock = Clock.systemUTC();

    /** The most saved filters one person keeps. */
    public static final int MAX_SAVED_FILTERS = 20;

    InboxService(TaskInbox inbox, ChangeDetailsService changeDetails, ApprovalService approvals,
            InboxTaskRepository index, UserDirectory users, AuditTrail audit, AbsenceRepository absences) {
        this.inbox = inbox;
        this.changeDetails = changeDetails;
        this.approvals = approvals;
        this.index = index;
        this.users = users;
        this.audit = audit;
        this.absences = absences;
    }

    /**
     * The tasks this person may complete, as the query selects and orders them: a task
     * the approval rules would refuse them (a CAB seat of a change they already voted on
     * in this round, a four-eyes task of a change they requested) is not offered (ADR
     * 0032). Filtered, counted and paged in the database (ADR 0036). While the person is
     * away, nothing is offered to them to claim (ADR 0039).
     */
    @Transactional(readOnly = true)
    public Page<InboxItem> tasks(Actor actor, InboxQuery query) {
        Instant now = clock.instant();
        boolean offered = absences.runningAt(actor.username(), now).isEmpty();
        return new Page<>(index.page(actor, query, now, offered), query.page(), query.size(),
                index.total(actor, query, now, offered));
    }

    /** The first page of everything of mine, due first. */
    public Page<InboxItem> tasks(Actor actor, int page, int size) {
        return tasks(actor, InboxQuery.firstPage(size).withPage(page));
    }

    /**
     * How many tasks each filter would show, within the query's scope and customer:
     * {@code all}, {@code overdue}, {@code today}, {@code kev}, {@code mine},
     * {@code risk:<LEVEL>}, {@code type:<TYPE>}.
     */
    @Transactional(readOnly = true)
    public Map<String, Long> counts(Actor actor, InboxQuery query) {
        Instant now = clock.instant();
        return index.counts(actor, query, now, absences.runningAt(actor.username(), now).isEmpty());
    }

    /** The person takes an unclaimed task: it leaves their colleagues' group lists. */
    @Transactional
    public void claim(Actor actor, String taskId) {
        InboxTask task = visible(actor, taskId);
        if (task.assignee() != null) {
            throw new ConflictException(task.assignee().equals(actor.username()) ? "you have this task already"
                    : "this task is already claimed by " + task.assignee());
        }
        refusal(actor, task).ifPresent(reason -> {
            throw new ForbiddenException(reason);
        });
        refuseWhileAway(actor);
        inbox.assign(actor, taskId, actor.username());
        audit.record(task.customerId(), task.changeId().value(), actor.username(), "TASK_CLAIMED",
                task.name() + " claimed");
    }

    /** The assignee gives a task back to its groups. */
    @Transactional
    public void unclaim(Actor actor, String taskId) {
        InboxTask task = visible(actor, taskId);
        if (!actor.username().equals(task.assignee())) {
            throw new ForbiddenException(task.assignee() == null ? "nobody has claimed this task"
                    : "only " + task.assignee() + ", who has this task, can give it back");
        }
        inbox.assign(actor, taskId, null);
        audit.record(task.customerId(), task.changeId().value(), actor.username(), "TASK_UNCLAIMED",
                task.name() + " given back to " + String.join(", ", task.candidateGroups()));
    }

    /**
     * Hands the task to a named colleague who may do it: an enabled user of the change's
     * customer, in one of the task's groups, whom the approval rules would not refuse
     * (not the requester of the change). The task's assignee may hand it on, and so may
     * anyone who could claim it while nobody has.
     */
    @Transactional
    public void delegate(Actor actor, String taskId, String colleague) {
        InboxTask task = visible(actor, taskId);
        if (task.assignee() != null && !task.assignee().equals(actor.username())) {
            throw new ForbiddenException("only " + task.assignee() + ", who has this task, can hand it on");
        }
        if (colleague == null || colleague.isBlank()) {
            throw new InvalidInputException("colleague", "name the colleague who takes the task");
        }
        if (colleague.equals(actor.username())) {
            throw new InvalidInputException("colleague", "to take the task yourself, claim it");
        }
        Actor deputy = mayTake(task, colleague);
        Optional<Absence> away = absences.runningAt(deputy.username(), clock.instant());
        if (away.isPresent()) {
            throw new InvalidInputException("colleague", deputy.username() + " is away until " + away.get().until()
                    + "; " + away.get().deputy() + " deputises for them");
        }
        inbox.assign(actor, taskId, deputy.username());
        audit.record(task.customerId(), task.changeId().value(), actor.username(), "TASK_DELEGATED",
                task.name() + " handed to " + deputy.username());
    }

    /**
     * The colleague, if they may take the task: an enabled user of the change's customer,
     * in one of the task's groups, whom the approval rules would not refuse; else why
     * not.
     */
    private Actor mayTake(InboxTask task, String colleague) {
        Actor deputy = users.find(colleague.strip())
            .filter(u -> u.enabled())
            .map(u -> u.actor())
            .filter(u -> u.canSee(task.customerId()))
            .orElseThrow(() -> new InvalidInputException("colleague",
                    "no colleague '" + colleague + "' in customer " + task.customerId()));
        if (task.candidateGroups().stream().noneMatch(deputy.groupIds()::contains)) {
            throw new InvalidInputException("colleague", deputy.username() + " is not in "
                    + String.join(" or ", task.candidateGroups()) + ", who do this task");
        }
        Optional<String> refused = refusal(deputy, task);
        if (refused.isPresent()) {
            throw new InvalidInputException("colleague", deputy.username() + " cannot do this task: " + refused.get());
        }
        return deputy;
    }

    /**
     * While a person is away (ADR 0039), a group task assigned to them goes to their
     * deputy if the deputy may take it as a colleague's hand-on would check
     * ({@link #delegate}) and is not away too; otherwise back to its groups, the reason
     * in the audit trail. Either way it leaves the absent person: the sweep that calls
     * this runs again harmlessly. Called by {@link Absences}, each task in its own
     * transaction.
     */
    @Transactional
    public void handOver(String taskId, Absence absence, Instant now) {
        AppUser person = users.find(absence.username()).orElse(null);
        if (person == null) {
            return;
        }
        Actor away = person.actor();
        Optional<InboxTask> found = inbox.task(away, taskId);
        if (found.isEmpty() || !away.username().equals(found.get().assignee())
                || found.get().candidateGroups().isEmpty()) {
            return; // completed, taken or handed on meanwhile; or a task only this person
                    // does
        }
        InboxTask task = found.get();
        String why = away.username() + " is away until " + absence.until();
        String refused;
        try {
            Actor deputy = mayTake(task, absence.deputy());
            Optional<Absence> deputyAway = absences.runningAt(deputy.username(), now);
            if (deputyAway.isPresent()) {
                throw new InvalidInputException("colleague",
                        deputy.username() + " is away too, until " + deputyAway.get().until());
            }
            inbox.assign(away, taskId, deputy.username());
            audit.record(task.customerId(), task.changeId().value(), away.username(), "TASK_DELEGATED",
                    task.name() + " handed to " + deputy.username() + ", the deputy: " + why);
            return;
        }
        catch (InvalidInputException e) {
            refused = e.getMessage();
        }
        inbox.assign(away, taskId, null);
        audit.record(task.customerId(), task.changeId().value(), away.username(), "TASK_UNCLAIMED",
                task.name() + " given back to " + String.join(", ", task.candidateGroups()) + ": " + why
                        + "; not to the deputy, because " + refused);
    }

    private void refuseWhileAway(Actor actor) {
        absences.runningAt(actor.username(), clock.instant()).ifPresent(away -> {
            throw new ConflictException("you are away until " + away.until() + " and " + away.deputy()
                    + " deputises for you; end your absence to take tasks");
        });
    }

    /**
     * The colleagues this person may hand the task to (see {@link #delegate}), by user
     * name; empty if they may not hand it on.
     */
    @Transactional(readOnly = true)
    public List<String> colleagues(Actor actor, String taskId) {
        InboxTask task = visible(actor, taskId);
        if (task.assignee() != null && !task.assignee().equals(actor.username())) {
            return List.of();
        }
        Set<String> away = absences.awayAt(clock.instant());
        return users.inCustomer(task.customerId())
            .stream()
            .filter(u -> u.enabled() && !u.username().equals(actor.username()) && !away.contains(u.username()))
            .map(u -> u.actor())
            .filter(u -> task.candidateGroups().stream().anyMatch(u.groupIds()::contains))
            .filter(u -> refusal(u, task).isEmpty())
            .map(Actor::username)
            .sorted()
            .toList();
    }

    /** The person's saved filters: name to the inbox's query string. */
    public Map<String, String> savedFilters(Actor actor) {
        return index.savedFilters(actor.username());
    }

    /**
     * Saves (or replaces) a named filter; at most {@value #MAX_SAVED_FILTERS} per person.
     */
    @Transactional
    public void saveFilter(Actor actor, String name, InboxQuery query) {
        String checked = name == null ? "" : name.strip();
        InboxQuery.printable("name", checked);
        if (checked.isEmpty() || checked.length() > 80) {
            throw new InvalidInputException("name", "a saved filter has a name of 1 to 80 characters");
        }
        if (!query.filtered()) {
            throw new InvalidInputException("name", "choose at least one filter to save");
        }
        if (!index.savedFilters(actor.username()).containsKey(checked)
                && index.countSavedFilters(actor.username()) >= MAX_SAVED_FILTERS) {
            throw new InvalidInputException("name",
                    "you have " + MAX_SAVED_FILTERS + " saved filters; delete one first");
        }
        index.saveFilter(actor.username(), checked, query.withPage(0).queryString());
    }

    @Transactional
    public void deleteFilter(Actor actor, String name) {
        // a name no filter can have is not looked for (PostgreSQL refuses NUL in text)
        if (name == null || name.length() > 80 || !name.equals(Text.printable(name))
                || !index.deleteFilter(actor.username(), name)) {
            throw new NotFoundException("you have no saved filter '" + name + "'");
        }
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
        if (task.assignee() == null) {
            refuseWhileAway(actor); // completing an unclaimed task claims it
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
