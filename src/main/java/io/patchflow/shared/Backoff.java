package io.patchflow.shared;

import java.time.Duration;

/**
 * How long an outbox waits before it tries a delivery again. Every outbox in Patchflow
 * (notifications, ticket notes) retries this way and never gives up: a server that is
 * down for a day delays what is sent to it, it loses nothing.
 */
public final class Backoff {

    private Backoff() {
    }

    /**
     * The wait after the {@code attempts}-th failed attempt: {@code initial}, doubled
     * with each further failure, never longer than {@code cap}.
     */
    public static Duration exponential(int attempts, Duration initial, Duration cap) {
        if (attempts <= 1) {
            return min(initial, cap);
        }
        // 2^30 times any sensible initial wait is far past any cap; stop doubling there.
        int doublings = Math.min(attempts - 1, 30);
        Duration wait = initial;
        for (int i = 0; i < doublings && wait.compareTo(cap) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return min(wait, cap);
    }

    /**
     * The wait after a failed attempt when the server said how long to wait
     * ({@code Retry-After}): the longer of the two, so a server that asks for an hour is
     * not asked again in a minute, and one that asks for a second is not hammered.
     */
    public static Duration honouring(Duration backoff, Duration retryAfter) {
        return retryAfter == null || retryAfter.compareTo(backoff) <= 0 ? backoff : retryAfter;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

}
