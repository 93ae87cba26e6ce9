package io.patchflow.cab;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.patchflow.approval.ApprovalRecord;
import io.patchflow.approval.ApprovalService;
import io.patchflow.approval.ApprovalStep;
import io.patchflow.approval.CabTally;
import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeRequest;
import io.patchflow.inbox.InboxIndex;
import io.patchflow.inbox.InboxService;
import io.patchflow.inbox.OpenDecisionTask;
import io.patchflow.inbox.TaskInbox;
import io.patchflow.risk.RiskAssessment;
import io.patchflow.risk.RiskAssessmentService;
import io.patchflow.security.Actor;
import io.patchflow.security.AppUser;
import io.patchflow.security.Role;
import io.patchflow.security.RoleRule;
import io.patchflow.security.UserDirectory;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.DateTimes;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.shared.Text;

/**
 * CAB meetings (issue 13, ADR 0040): a change manager plans one for a customer; at its
 * cut-off {@link #freezeDue} fixes its agenda (the customer's changes whose CAB seats are
 * open, not on an earlier agenda); in the meeting the chair records who is present and,
 * per item, the votes of present approvers. Each vote is the voter's own CAB seat
 * decision: {@link InboxService#complete} as the voter, so the engine's four-eyes
 * listener checks the voter as it would in their inbox. Seats and quorum are the change's
 * risk assessment's (the DMN route), never worked out here.
 */
@Service
public class CabMeetings {

    private static final Logger LOG = LoggerFactory.getLogger(CabMeetings.class);

    /**
     * Who plans and chairs meetings: the customer's change managers and administrators.
     */
    public static final RoleRule CHAIR = RoleRule.anyOf(
            "only change managers and administrators plan and chair " + "CAB meetings", Role.CHANGE_MANAGER,
            Role.ADMIN);

    /** The cut-off when none is given: this long before the meeting. */
    public static final Duration DEFAULT_CUT_OFF = Duration.ofHours(24);

    /** How far ahead a meeting may be planned. */
    public static final Duration FURTHEST = Duration.ofDays(366);

    /** The most meetings a list shows. */
    static final int LIST_LIMIT = 200;

    private static final Set<String> VOTES = Set.of(CabTally.APPROVE, CabTally.REJECT, CabTally.NEEDS_INFO);

    private final CabMeetingRepository meetings;

    private final InboxIndex index;

    private final InboxService inbox;

    private final TaskInbox tasks;

    private final ApprovalService approvals;

    private final ChangeLifecycle changes;

    private final RiskAssessmentService risk;

    private final UserDirectory users;

    private final AuditTrail audit;

    private final TransactionTemplate transaction;

    private final Clock clock = Clock.systemUTC();

    CabMeetings(CabMeetingRepository meetings, InboxIndex index, InboxService inbox, TaskInbox tasks,
            ApprovalService approvals, ChangeLifecycle changes, RiskAssessmentService risk, UserDirectory users,
            AuditTrail audit, PlatformTransactionManager transactions) {
        this.meetings = meetings;
        this.index = index;
        this.inbox = inbox;
        this.tasks = tasks;
        this.approvals = approvals;
        this.changes = changes;
        this.risk = risk;
        this.users = users;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Plans a meeting of the customer's board at {@code startsAt}; its agenda freezes at
     * {@code cutOffAt} (default 24 hours before). Both ISO-8601, with an offset or in
     * UTC.
     * @throws ForbiddenException for someone who may not chair
     * @throws InvalidInputException for a customer not theirs, a time in the past, a
     * cut-off not before the meeting
     */
    @Transactional
    public CabMeeting create(Actor actor, String customerId, String startsAt, String cutOffAt) {
        CHAIR.check(actor);
        String customer = actor.visibleCustomer(customerId == null ? null : customerId.strip())
            .orElseThrow(() -> new InvalidInputException("customerId", customerId == null || customerId.isBlank()
                    ? "choose the customer whose board meets" : "you are not in customer '" + customerId + "'"));
        Instant now = clock.instant();
        Instant starts = time("startsAt", startsAt);
        Instant cutOff = cutOffAt == null || cutOffAt.isBlank() ? starts.minus(DEFAULT_CUT_OFF)
                : time("cutOffAt", cutOffAt);
        if (!starts.isAfter(now)) {
            throw new InvalidInputException("startsAt", "a meeting is planned for a time to come, not " + starts);
        }
        if (starts.isAfter(now.plus(FURTHEST))) {
            throw new InvalidInputException("startsAt", "a meeting is planned at most a year ahead");
        }
        if (!cutOff.isBefore(starts)) {
            throw new InvalidInputException("cutOffAt", "the agenda's cut-off comes before the meeting");
        }
        if (!cutOff.isAfter(now)) {
            throw new InvalidInputException("cutOffAt", "the cut-off " + cutOff
                    + " has passed: choose a later one, or a later meeting for the default of 24 hours before");
        }
        long id = meetings.insert(customer, starts, cutOff, actor.username(), now);
        audit.record(customer, null, actor.username(), "CAB_MEETING_PLANNED",
                "CAB meeting " + id + " at " + starts + ", agenda cut-off " + cutOff);
        return meetings.find(id).orElseThrow();
    }

    /** The meetings of the person's customers, the latest first. */
    public List<CabMeeting> meetings(Actor actor) {
        return meetings.ofCustomers(actor.customerIds(), LIST_LIMIT);
    }

    /** The meeting, if it is of one of the person's customers. */
    public CabMeeting meeting(Actor actor, long id) {
        return meetings.find(id)
            .filter(m -> actor.canSee(m.customerId()))
            .orElseThrow(() -> new NotFoundException("no CAB meeting " + id));
    }

    /**
     * Freezes the agenda of every planned meeting whose cut-off has come, the earliest
     * cut-off first, each in its own transaction. Runs on a schedule; running it again
     * changes nothing.
     * @return how many agendas it froze
     */
    public int freezeDue(Instant now) {
        int frozen = 0;
        for (CabMeeting meeting : meetings.dueForFreezing(now)) {
            try {
                Boolean done = transaction.execute(status -> freeze(meeting, now));
                frozen += Boolean.TRUE.equals(done) ? 1 : 0;
            }
            catch (RuntimeException e) {
                // another node froze a meeting with the same change at the same moment;
                // the next sweep tries again
                LOG.warn("Could not freeze the agenda of CAB meeting {}: {}", meeting.id(), e.toString());
            }
        }
        return frozen;
    }

    /**
     * The agenda: the customer's changes with CAB seats open since the cut-off or
     * earlier, each CAB round not on another agenda; a change whose seats opened later
     * waits for the next meeting.
     */
    private boolean freeze(CabMeeting meeting, Instant now) {
        if (!meetings.markFrozen(meeting.id(), now)) {
            return false;
        }
        Map<ChangeId, Integer> rounds = new LinkedHashMap<>();
        for (OpenDecisionTask seat : index.openTasks(meeting.customerId(), ApprovalStep.CAB_VOTE, meeting.cutOffAt())) {
            rounds.putIfAbsent(seat.changeId(), seat.approvalRound());
        }
        rounds.forEach((change, round) -> {
            if (!meetings.onAnAgenda(change, round)) {
                meetings.addItem(meeting.id(), change, round, now);
                audit.record(meeting.customerId(), change.value(), Actor.SYSTEM_NAME, "CAB_AGENDA",
                        "on the agenda of CAB meeting " + meeting.id() + " at " + meeting.startsAt());
            }
        });
        LOG.info("Agenda of CAB meeting {} frozen", meeting.id());
        return true;
    }

    /**
     * The chair records a person as present: an enabled user of the meeting's customer.
     * Recording them again changes nothing.
     */
    @Transactional
    public void addAttendee(Actor actor, long id, String username) {
        CabMeeting meeting = chaired(actor, id);
        AppUser person = colleague(meeting, "username", username);
        if (meetings.addAttendee(id, person.username(), actor.username(), clock.instant())) {
            audit.record(meeting.customerId(), null, actor.username(), "CAB_ATTENDEE",
                    person.username() + " present at CAB meeting " + id);
        }
    }

    /**
     * The chair records the vote of a present approver on an agenda item. The vote is the
     * voter's CAB seat decision, taken through exactly the path of their own
     * ({@link InboxService#complete} as the voter: visibility, the form, the engine, the
     * four-eyes listener, the audit trail under the voter's name); the trail also says
     * that the chair recorded it in this meeting. One transaction: a refusal records
     * nothing.
     * @throws InvalidInputException if the voter is not a present approver of the
     * customer or the engine's approval rules refuse them (the requester, a second vote
     * in the round), or the vote is not one of approve, reject, needs-info
     * @throws ConflictException if the agenda is not frozen yet, or the round is decided
     * or its open seats are claimed by others
     */
    @Transactional
    public Minutes.Item recordVote(Actor actor, long id, ChangeId change, String voter, String vote, String comment) {
        CabMeeting meeting = chaired(actor, id);
        if (!meeting.frozen()) {
            throw new ConflictException("the agenda of CAB meeting " + id + " is frozen at its cut-off "
                    + meeting.cutOffAt() + "; votes are recorded on it after that");
        }
        AgendaItem item = meetings.agenda(id)
            .stream()
            .filter(i -> i.changeId().equals(change))
            .findFirst()
            .orElseThrow(() -> new NotFoundException(change + " is not on the agenda of CAB meeting " + id));
        String decision = vote == null ? "" : vote.strip();
        if (!VOTES.contains(decision)) {
            throw new InvalidInputException("vote", "a vote is one of approve, reject, needs-info");
        }
        // control characters (a NUL, which PostgreSQL refuses in text) are not kept
        String why = comment == null ? "" : Text.printable(comment).strip();
        if (decision.equals(CabTally.APPROVE) && !why.isEmpty()) {
            throw new InvalidInputException("comment",
                    "an approval takes no comment (the vote form asks for one with a rejection or a question)");
        }
        if (!decision.equals(CabTally.APPROVE) && why.isEmpty()) {
            throw new InvalidInputException("comment", "give the reason of the rejection or the question");
        }
        AppUser person = colleague(meeting, "voter", voter);
        if (meetings.attendees(id).stream().noneMatch(a -> a.username().equals(person.username()))) {
            throw new InvalidInputException("voter",
                    person.username() + " is not recorded as present; record the attendee first");
        }
        if (!person.actor().has(Role.APPROVER)) {
            throw new InvalidInputException("voter", person.username() + " is not an approver and has no CAB seat");
        }
        List<OpenDecisionTask> seats = index.openTasks(change, ApprovalStep.CAB_VOTE)
            .stream()
            .filter(t -> t.approvalRound() == item.approvalRound())
            .toList();
        if (seats.isEmpty()) {
            throw new ConflictException(
                    "the board's vote on " + change + " (round " + item.approvalRound() + ") is over: no seat is open");
        }
        OpenDecisionTask seat = seats.stream()
            .filter(t -> person.username().equals(t.assignee()))
            .findFirst()
            .or(() -> seats.stream().filter(t -> t.assignee() == null).findFirst())
            .orElseThrow(() -> new ConflictException("the open seats of " + change + " are claimed by "
                    + String.join(", ", seats.stream().map(OpenDecisionTask::assignee).sorted().toList())));
        Map<String, Object> answers = tasks.decisionAnswers(seat.taskId(), decision, why)
            .orElseThrow(() -> new ConflictException("the CAB seat of " + change + " records no decision"));
        try {
            inbox.complete(person.actor(), seat.taskId(), answers);
        }
        catch (RuntimeException e) {
            throw refusal(person.username(), e);
        }
        Instant now = clock.instant();
        meetings.recordVote(id, change, item.approvalRound(), person.username(), actor.username(), now);
        audit.record(meeting.customerId(), change.value(), actor.username(), "CAB_VOTE_RECORDED", "vote of "
                + person.username() + " (" + decision + ") recorded by " + actor.username() + " in CAB meeting " + id);
        return item(meeting, item);
    }

    /** Who is present, and per agenda item the round's votes and outcome. */
    @Transactional(readOnly = true)
    public Minutes minutes(Actor actor, long id) {
        CabMeeting meeting = meeting(actor, id);
        List<Minutes.Item> items = new ArrayList<>();
        meetings.agenda(id).forEach(item -> items.add(item(meeting, item)));
        return new Minutes(meeting, meetings.attendees(id), items);
    }

    /**
     * The present attendees who hold a CAB seat (approvers), for the chair to choose
     * from.
     */
    public List<String> presentApprovers(Actor actor, long id) {
        meeting(actor, id);
        return meetings.attendees(id)
            .stream()
            .map(Attendee::username)
            .filter(name -> users.find(name).filter(u -> u.enabled() && u.roles().contains(Role.APPROVER)).isPresent())
            .sorted()
            .toList();
    }

    /** The people who may be recorded as present: enabled users of the customer. */
    public List<String> colleagues(Actor actor, long id) {
        CabMeeting meeting = meeting(actor, id);
        return users.inCustomer(meeting.customerId())
            .stream()
            .filter(AppUser::enabled)
            .map(AppUser::username)
            .sorted()
            .toList();
    }

    private Minutes.Item item(CabMeeting meeting, AgendaItem item) {
        ChangeRequest change = changes.get(item.changeId());
        Map<String, String> recordedBy = meetings.recordedBy(meeting.id(), item.changeId(), item.approvalRound());
        List<ApprovalRecord> round = approvals.decisions(item.changeId())
            .stream()
            .filter(a -> a.step() == ApprovalStep.CAB_VOTE && a.round() == item.approvalRound())
            .sorted(Comparator.comparing(ApprovalRecord::decidedAt))
            .toList();
        List<Minutes.Vote> votes = round.stream()
            .map(a -> new Minutes.Vote(a.decidedBy(), a.decision(), a.comment(), a.decidedAt().toInstant(),
                    recordedBy.get(a.decidedBy())))
            .toList();
        Optional<RiskAssessment.Result> route = risk.latest(item.changeId()).map(RiskAssessment::result);
        Integer seats = route.map(RiskAssessment.Result::cabSeats).orElse(null);
        Integer quorum = route.map(RiskAssessment.Result::cabQuorum).orElse(null);
        CabTally tally = CabTally.of(round);
        boolean decided = seats != null && tally.decided(seats, quorum);
        String outcome = seats == null ? "no CAB route" : decided ? outcomeText(tally.outcome(quorum))
                : "open: " + tally.approvals() + " of " + quorum + " approvals needed, " + seats + " seats";
        return new Minutes.Item(item.changeId(), change.title(), change.requester(), item.approvalRound(), seats,
                quorum, votes, outcome, !decided);
    }

    private static String outcomeText(String outcome) {
        return switch (outcome) {
            case CabTally.APPROVE -> "approved";
            case CabTally.REJECT -> "rejected";
            default -> "more information asked of the requester";
        };
    }

    private CabMeeting chaired(Actor actor, long id) {
        CabMeeting meeting = meeting(actor, id);
        CHAIR.check(actor);
        return meeting;
    }

    private AppUser colleague(CabMeeting meeting, String field, String username) {
        if (username == null || username.isBlank()) {
            throw new InvalidInputException(field, "name the person");
        }
        if (username.length() > 100 || !username.equals(Text.printable(username))) {
            // a name no user can have is not looked for (PostgreSQL refuses NUL in text)
            throw new InvalidInputException(field, "no colleague by that name in customer " + meeting.customerId());
        }
        return users.find(username.strip())
            .filter(AppUser::enabled)
            .filter(u -> u.actor().canSee(meeting.customerId()))
            .orElseThrow(() -> new InvalidInputException(field,
                    "no colleague '" + username.strip() + "' in customer " + meeting.customerId()));
    }

    /**
     * The engine wraps what its listeners throw; the first of our own exceptions says
     * why. A refusal of the voter (four-eyes) is the chair's bad input, not the chair's
     * lack of rights.
     */
    private static RuntimeException refusal(String voter, RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ForbiddenException forbidden) {
                return new InvalidInputException("voter", voter + " cannot take this vote: " + forbidden.getMessage());
            }
            if (cause instanceof NotFoundException notFound) {
                return new InvalidInputException("voter",
                        voter + " cannot take this CAB seat (not in its group, or it was decided a moment ago): "
                                + notFound.getMessage());
            }
            if (cause instanceof InvalidInputException || cause instanceof ConflictException) {
                return (RuntimeException) cause;
            }
        }
        return e;
    }

    static Instant time(String field, String value) {
        return DateTimes.instant(field, value);
    }

}
