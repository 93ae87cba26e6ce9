package io.patchflow.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Repeated failed sign-ins slow down, then lock, per user and per address. After
 * {@code slowAfter} failures within the window, the next attempt waits
 * {@code firstDelay}, doubling with each failure up to {@code maxDelay}; an attempt made
 * before then is refused without checking the password (and does not count). At
 * {@code lockAfter} failures the subject is locked for {@code lockFor}, whatever password
 * comes. Failures older than the window are forgotten. Besides, only a few attempts are
 * checked at the same time (so a burst of parallel guesses is counted as they fail).
 * Pure: the store and the clock are someone else's.
 */
public final class LoginThrottlePolicy {

    /** The failures of one user name or one address. */
    public record Counter(int failures, Instant lastFailure, Instant lockedUntil) {
    }

    public record Limits(int slowAfter, int lockAfter, Duration lockFor, Duration window, Duration firstDelay,
            Duration maxDelay) {
        public Limits {
            if (slowAfter < 1 || lockAfter < slowAfter) {
                throw new IllegalArgumentException(
                        "login throttling: 1 <= slow-after <= lock-after, was " + slowAfter + " and " + lockAfter);
            }
            if (lockFor.isNegative() || lockFor.isZero() || window.isNegative() || window.isZero()
                    || firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
                throw new IllegalArgumentException(
                        "login throttling: lock-for and window are positive, max-delay >= first-delay");
            }
        }
    }

    /**
     * An attempt counts as being checked for at most this long: a node that stopped in
     * the middle of a check holds nobody back for longer.
     */
    public static final Duration IN_FLIGHT_AT_MOST = Duration.ofSeconds(30);

    private LoginThrottlePolicy() {
    }

    /** How many attempts are being checked right now, given what is stored. */
    public static int inFlight(int stored, Instant since, Instant now) {
        return since == null || since.plus(IN_FLIGHT_AT_MOST).isBefore(now) ? 0 : Math.max(0, stored);
    }

    /** Until when an attempt is refused unchecked; empty if it may be checked now. */
    public static Optional<Instant> refusedUntil(Counter counter, Limits limits, Instant now) {
        if (counter == null) {
            return Optional.empty();
        }
        if (counter.lockedUntil() != null && now.isBefore(counter.lockedUntil())) {
            return Optional.of(counter.lockedUntil());
        }
        if (stale(counter, limits, now) || counter.failures() < limits.slowAfter()) {
            return Optional.empty();
        }
        Instant next = counter.lastFailure().plus(delay(counter.failures(), limits));
        return now.isBefore(next) ? Optional.of(next) : Optional.empty();
    }

    /** The counter after one more failure at {@code now}. */
    public static Counter afterFailure(Counter counter, Limits limits, Instant now) {
        boolean locked = counter != null && counter.lockedUntil() != null && now.isBefore(counter.lockedUntil());
        int before = counter == null || !locked && stale(counter, limits, now) ? 0 : counter.failures();
        int failures = before + 1;
        Instant lockedUntil = locked ? counter.lockedUntil()
                : failures >= limits.lockAfter() ? now.plus(limits.lockFor()) : null;
        return new Counter(failures, now, lockedUntil);
    }

    /** Whether this failure is the one that started a lock. */
    public static boolean lockBegan(Counter before, Counter after, Instant now) {
        boolean wasLocked = before != null && before.lockedUntil() != null && now.isBefore(before.lockedUntil());
        return !wasLocked && after.lockedUntil() != null;
    }

    static Duration delay(int failures, Limits limits) {
        int doublings = Math.min(failures - limits.slowAfter(), 30);
        Duration delay = limits.firstDelay().multipliedBy(1L << doublings);
        return delay.compareTo(limits.maxDelay()) > 0 ? limits.maxDelay() : delay;
    }

    private static boolean stale(Counter counter, Limits limits, Instant now) {
        return counter.lastFailure() == null || counter.lastFailure().plus(limits.window()).isBefore(now);
    }

}
