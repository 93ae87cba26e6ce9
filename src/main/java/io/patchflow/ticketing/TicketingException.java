package io.patchflow.ticketing;

import java.time.Duration;
import java.util.Optional;

/**
 * A ticketing system did not do what was asked: down, too busy, refusing the credentials,
 * or not knowing the ticket. The outbox keeps the note and tries again later, after
 * {@link #retryAfter()} when the system said how long to wait (HTTP 429 or 503 with
 * {@code Retry-After}).
 */
public class TicketingException extends RuntimeException {

    private final transient Duration retryAfter;

    public TicketingException(String message) {
        this(message, null, null);
    }

    public TicketingException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

}
