package io.patchflow.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeRequest;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.RoleRule;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/**
 * Declaring and ending blackouts. Change managers declare them for their customers,
 * administrators also for everyone. A change already scheduled into a new hard blackout
 * is not moved by this; the agent API defers its installs until the blackout ends, and
 * the response names it so the change manager can decide (see ADR 0014).
 */
@Service
public class Blackouts {

    /**
     * Who declares and ends a customer's blackouts; the calendar offers its forms by the
     * same rule.
     */
    public static final RoleRule MANAGE = RoleRule.anyOf("only change managers and administrators declare blackouts",
            Role.CHANGE_MANAGER, Role.ADMIN);

    /** Who declares and ends blackouts for every customer. */
    public static final RoleRule DECLARE_GLOBAL = RoleRule
        .anyOf("only administrators declare blackouts for every customer", Role.ADMIN);

    /** A blackout longer than this is more likely a typo in the year than a freeze. */
    static final Duration LONGEST = Duration.ofDays(92);

    private static final int LISTED = 500;

    private final BlackoutRepository blackouts;

    private final ChangeLifecycle changes;

    private final AuditTrail audit;

    Blackouts(BlackoutRepository blackouts, ChangeLifecycle changes, AuditTrail audit) {
        this.blackouts = blackouts;
        this.changes = changes;
        this.audit = audit;
    }

    /**
     * The customer's blackouts and the ones for everyone that overlap [from, to), for the
     * agent API's window guard.
     */
    @Transactional(readOnly = true)
    public List<Blackout> overlapping(String customerId, Instant from, Instant to) {
        return blackouts.overlapping(customerId, from, to);
    }

    /** The stored blackout and the open changes scheduled to start within it. */
    public record Declared(Blackout blackout, List<ChangeId> scheduledWithin) {
    }

    @Transactional
    public Declared declare(Actor actor, BlackoutSpec spec) {
        if (spec == null) {
            throw new InvalidInputException("body", "a blackout needs name, start, end and kind (HARD or SOFT)");
        }
        String customerId = spec.customerId() == null || spec.customerId().isBlank() ? null : spec.customerId();
        mayManage(actor, customerId);
        String name = spec.name() == null ? "" : spec.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            throw new InvalidInputException("name", "a blackout needs a name of at most 200 characters");
        }
        if (spec.start() == null) {
            throw new InvalidInputException("start", "a blackout needs a start, e.g. 2026-12-20T00:00:00+01:00");
        }
        if (spec.end() == null) {
            throw new InvalidInputException("end", "a blackout needs an end, e.g. 2027-01-04T00:00:00+01:00");
        }
        Instant start = spec.start().toInstant();
        Instant end = spec.end().toInstant();
        if (!end.isAfter(start)) {
            throw new InvalidInputException("end", "a blackout ends after it starts");
        }
        if (!end.isAfter(Instant.now())) {
            throw new InvalidInputException("end", "the blackout would already be over at " + end);
        }
        if (Duration.between(start, end).compareTo(LONGEST) > 0) {
            throw new InvalidInputException("end",
                    "a blackout lasts at most " + LONGEST.toDays() + " days; declare a longer freeze in parts");
        }
        Blackout.Kind kind = kind(spec.kind());
        long id = blackouts.create(customerId, name, start, end, kind, actor.username());
        Blackout blackout = blackouts.find(id).orElseThrow();
        List<ChangeRequest> affected = changes.withSlotsOverlapping(customerId == null ? null : List.of(customerId),
                start, end, LISTED);
        audit.record(customerId, null, actor.username(), "BLACKOUT_DECLARED",
                kind.name().toLowerCase(Locale.ROOT) + " blackout '" + name + "' " + start + " to " + end
                        + (customerId == null ? " for every customer" : "")
                        + (affected.isEmpty() ? "" : "; already scheduled within: "
                                + affected.stream().map(c -> c.id().toString()).collect(Collectors.joining(", "))));
        return new Declared(blackout, affected.stream().map(ChangeRequest::id).toList());
    }

    /** A running blackout ends now; one that has not begun is withdrawn. */
    @Transactional
    public void end(Actor actor, long id) {
        Blackout blackout = blackouts.find(id)
            .filter(b -> b.customerId() == null || actor.canSee(b.customerId()))
            .orElseThrow(() -> new NotFoundException("no blackout " + id));
        mayManage(actor, blackout.customerId());
        Instant now = Instant.now();
        if (!blackout.end().isAfter(now)) {
            throw new ConflictException("blackout " + id + " ended at " + blackout.end());
        }
        if (blackout.start().isAfter(now)) {
            blackouts.delete(id);
        }
        else {
            blackouts.endAt(id, now);
        }
        audit.record(blackout.customerId(), null, actor.username(), "BLACKOUT_ENDED", "'" + blackout.name() + "' "
                + (blackout.start().isAfter(now) ? "withdrawn before it began" : "ended early at " + now));
    }

    @Transactional(readOnly = true)
    public List<Blackout> visible(Actor actor, Instant from, Instant to) {
        return blackouts.visible(actor.customerIds(), from, to, LISTED);
    }

    private static void mayManage(Actor actor, String customerId) {
        if (customerId == null) {
            DECLARE_GLOBAL.check(actor);
            return;
        }
        if (!actor.canSee(customerId)) {
            throw new NotFoundException("no customer " + customerId);
        }
        MANAGE.check(actor);
    }

    private static Blackout.Kind kind(String kind) {
        try {
            return Blackout.Kind.valueOf(kind == null ? "" : kind.strip().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw new InvalidInputException("kind", "a blackout is "
                    + Arrays.stream(Blackout.Kind.values()).map(Enum::name).collect(Collectors.joining(" or "))
                    + " (HARD: no deployment; SOFT: only with a change manager's approval); got '" + kind + "'");
        }
    }

}
