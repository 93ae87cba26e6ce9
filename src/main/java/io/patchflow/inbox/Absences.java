package io.patchflow.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.patchflow.security.Actor;
import io.patchflow.security.AppUser;
import io.patchflow.security.Role;
import io.patchflow.security.UserDirectory;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.DateTimes;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/**
 * People's absences and their deputies (ADR 0039). While an absence runs, the group tasks
 * assigned to the person go to the deputy ({@link InboxService#handOver}), and the person
 * is offered nothing to claim. {@link #sweep} hands tasks over for every running absence;
 * it runs on a schedule, and at once when an absence is set that has begun.
 */
@Service
public class Absences {

    private static final Logger LOG = LoggerFactory.getLogger(Absences.class);

    /** The roles whose groups are offered tasks: only these have anything to hand on. */
    public static final Set<Role> TASK_ROLES = Set.of(Role.APPROVER, Role.CHANGE_MANAGER, Role.SERVICE_DESK,
            Role.PROCESS_ANALYST);

    /** The longest absence one entry covers. */
    public static final Duration LONGEST = Duration.ofDays(366);

    /** How many tasks one sweep hands over at most; the next sweep continues. */
    static final int SWEEP_BATCH = 500;

    private final AbsenceRepository absences;

    private final InboxService inbox;

    private final UserDirectory users;

    private final TransactionTemplate transaction;

    private final Clock clock = Clock.systemUTC();

    Absences(AbsenceRepository absences, InboxService inbox, UserDirectory users,
            PlatformTransactionManager transactions) {
        this.absences = absences;
        this.inbox = inbox;
        this.users = users;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** The person's running and coming absences, the running one first. */
    public List<Absence> planned(Actor actor) {
        return absences.notEnded(actor.username(), clock.instant());
    }

    /**
     * The colleagues who may deputise for this person, by user name: enabled, in one of
     * their customers and one of their groups that are offered tasks.
     */
    public List<String> deputies(Actor actor) {
        return users.all()
            .stream()
            .filter(u -> u.enabled() && !u.username().equals(actor.username()))
            .filter(u -> u.customerIds().stream().anyMatch(actor.customerIds()::contains))
            .filter(u -> u.roles().stream().anyMatch(r -> TASK_ROLES.contains(r) && actor.has(r)))
            .map(AppUser::username)
            .sorted()
            .toList();
    }

    /** Whether this person has tasks to hand on at all (one of {@link #TASK_ROLES}). */
    public static boolean mayBeAway(Actor actor) {
        return !Collections.disjoint(actor.roles(), TASK_ROLES);
    }

    /** The absence running for this person now, if any. */
    public Optional<Absence> running(Actor actor) {
        return absences.runningAt(actor.username(), clock.instant());
    }

    /**
     * Records that the person is away from {@code from} until {@code until} (ISO-8601
     * with an offset, or without one in UTC; a start in the past means now) with
     * {@code deputy} taking their tasks. If it has begun, their tasks are handed over at
     * once.
     */
    public Absence set(Actor actor, String from, String until, String deputy) {
        if (!mayBeAway(actor)) {
            throw new ForbiddenException("only people whose groups are offered tasks can name a deputy");
        }
        // in the database's precision, so that an absence that begins now runs at now
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant start = time("from", from).truncatedTo(ChronoUnit.MILLIS);
        Instant end = time("until", until).truncatedTo(ChronoUnit.MILLIS);
        if (!start.isBefore(end)) {
            throw new InvalidInputException("until", "an absence ends after it begins");
        }
        if (!end.isAfter(now)) {
            throw new InvalidInputException("until", "an absence ends in the future");
        }
        if (start.isAfter(now.plus(LONGEST))) {
            throw new InvalidInputException("from", "plan an absence at most " + LONGEST.toDays() + " days ahead");
        }
        if (start.isBefore(now)) {
            start = now; // not backdated: tasks were not handed over before it was set
        }
        if (Duration.between(start, end).compareTo(LONGEST) > 0) {
            throw new InvalidInputException("until", "one absence lasts at most " + LONGEST.toDays() + " days");
        }
        String name = deputy == null ? "" : deputy.strip();
        if (name.isEmpty()) {
            throw new InvalidInputException("deputy", "name the colleague who takes your tasks while you are away");
        }
        if (name.equals(actor.username())) {
            throw new InvalidInputException("deputy", "you cannot deputise for yourself");
        }
        AppUser colleague = users.find(name)
            .filter(AppUser::enabled)
            .filter(u -> u.customerIds().stream().anyMatch(actor.customerIds()::contains))
            .orElseThrow(() -> new InvalidInputException("deputy", "no colleague '" + name + "' in your customers"));
        if (colleague.roles().stream().noneMatch(r -> TASK_ROLES.contains(r) && actor.has(r))) {
            throw new InvalidInputException("deputy", name + " shares none of your groups that are offered tasks ("
                    + String.join(", ", taskGroups(actor)) + ")");
        }
        Instant checkedStart = start;
        Absence saved = transaction.execute(status -> {
            absences.lock(actor.username());
            absences.overlapping(actor.username(), checkedStart, end).stream().findFirst().ifPresent(other -> {
                throw new ConflictException("you are already away from " + other.from() + " until " + other.until()
                        + "; end that absence or choose another period");
            });
            absences.overlapping(name, checkedStart, end).stream().findFirst().ifPresent(other -> {
                throw new InvalidInputException("deputy", name + " is away from " + other.from() + " until "
                        + other.until() + "; choose a deputy who is here");
            });
            long id = absences.insert(actor.username(), name, checkedStart, end, now);
            return new Absence(id, actor.username(), name, checkedStart, end);
        });
        if (saved.runsAt(now)) {
            sweep(now);
        }
        return saved;
    }

    /**
     * Ends the person's absence now, or calls off one that has not begun. Tasks handed to
     * the deputy stay with the deputy.
     */
    public void end(Actor actor, long id) {
        Instant now = clock.instant();
        transaction.executeWithoutResult(status -> {
            Absence absence = absences.find(id)
                .filter(a -> a.username().equals(actor.username()) && a.until().isAfter(now))
                .orElseThrow(() -> new NotFoundException("you have no running or coming absence " + id));
            if (absence.from().isAfter(now)) {
                absences.delete(id);
            }
            else {
                absences.endAt(id, now);
            }
        });
    }

    /**
     * Hands over every group task assigned to someone whose absence runs at {@code now}:
     * to the deputy, or back to its groups (see {@link InboxService#handOver}). Each task
     * in its own transaction; a task moved meanwhile is left as it is, and one that fails
     * is tried again by the next sweep. Returns how many tasks it looked at.
     */
    public int sweep(Instant now) {
        List<AbsenceRepository.AwayTask> away = absences.assignedToAbsentees(now, SWEEP_BATCH);
        for (AbsenceRepository.AwayTask task : away) {
            try {
                inbox.handOver(task.taskId(), task.absence(), now);
            }
            catch (RuntimeException e) {
                LOG.warn("Task {} of absent {} not handed over; the next sweep tries again: {}", task.taskId(),
                        task.absence().username(), e.toString());
            }
        }
        return away.size();
    }

    private static List<String> taskGroups(Actor actor) {
        return actor.roles().stream().filter(TASK_ROLES::contains).map(Role::groupId).sorted().toList();
    }

    static Instant time(String field, String value) {
        return DateTimes.instant(field, value);
    }

}
