package io.patchflow.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.patchflow.audit.AuditTrail;
import io.patchflow.security.LoginThrottleRepository.Row;
import io.patchflow.shared.Text;

/**
 * Remembers failed sign-ins in the database, so every node of a cluster sees the same
 * counts and a restart forgets nothing, and applies {@link LoginThrottlePolicy} to them.
 */
@Component
class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    static final String USER = "user";
    static final String ADDRESS = "address";

    private final LoginThrottleRepository rows;

    private final AuditTrail audit;

    private final LoginThrottleSettings settings;

    private final TransactionTemplate transaction;

    private final Clock clock;

    @Autowired
    LoginThrottle(LoginThrottleRepository rows, AuditTrail audit, LoginThrottleSettings settings,
            PlatformTransactionManager transactions) {
        this(rows, audit, settings, transactions, Clock.systemUTC());
    }

    LoginThrottle(LoginThrottleRepository rows, AuditTrail audit, LoginThrottleSettings settings,
            PlatformTransactionManager transactions, Clock clock) {
        this.rows = rows;
        this.audit = audit;
        this.settings = settings;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** An attempt being checked: whom and whence, and when it began. */
    record Attempt(String user, String address, Instant at) {
    }

    /**
     * The attempt, now counted as being checked; or empty when it is refused without
     * checking: the user or the address is delayed or locked by earlier failures, or
     * already has as many attempts being checked as it may. Nothing is written for a
     * refusal.
     */
    Optional<Attempt> begin(String username, String address) {
        String user = subject(username);
        String from = subject(address);
        return Optional.ofNullable(inTransaction(() -> {
            Instant now = clock.instant();
            Row userRow = locked(USER, user);
            Row addressRow = locked(ADDRESS, from);
            Optional<String> refusal = refusal(user, userRow, settings.user(), settings.userMaxInFlight(), now)
                .or(() -> refusal(from, addressRow, settings.address(), settings.addressMaxInFlight(), now));
            if (refusal.isPresent()) {
                log.info("sign-in refused unchecked: {}", refusal.get());
                return null;
            }
            startChecking(USER, user, userRow, now);
            startChecking(ADDRESS, from, addressRow, now);
            return new Attempt(user, from, now);
        }));
    }

    /**
     * Whether this user is locked now (a plain read, for sign-ins that skip the count).
     */
    boolean locked(String username) {
        Instant now = clock.instant();
        return rows.lockedUntil(USER, subject(username)).map(until -> now.isBefore(until)).orElse(false);
    }

    /**
     * The password was wrong: one more failure for the user and the address; the trail
     * says so, and when a lock began.
     */
    void failed(Attempt attempt) {
        inTransaction(() -> {
            Instant now = clock.instant();
            for (String kind : new String[] { USER, ADDRESS }) {
                String subject = kind.equals(USER) ? attempt.user() : attempt.address();
                Row row = locked(kind, subject);
                LoginThrottlePolicy.Limits limits = kind.equals(USER) ? settings.user() : settings.address();
                LoginThrottlePolicy.Counter after = LoginThrottlePolicy.afterFailure(row.counter(), limits, now);
                store(kind, subject, row, after, ended(row, now), row.inFlightSince());
                if (LoginThrottlePolicy.lockBegan(row.counter(), after, now)) {
                    log.warn("sign-in locked for {} {} until {} after {} failures", kind, subject, after.lockedUntil(),
                            after.failures());
                    audit.record(null, null, kind.equals(USER) ? subject : "address:" + subject, "LOGIN_LOCKED",
                            kind + " " + subject + " locked until " + after.lockedUntil() + " after " + after.failures()
                                    + " failed sign-ins (the last from " + attempt.address() + ")");
                }
            }
            return null;
        });
        audit.record(null, null, attempt.user(), "LOGIN_FAILED",
                "wrong user name or password from " + attempt.address());
    }

    /**
     * The password was right: the user's failures are forgiven; the address keeps its
     * own.
     */
    void succeeded(Attempt attempt) {
        inTransaction(() -> {
            Instant now = clock.instant();
            Row user = locked(USER, attempt.user());
            store(USER, attempt.user(), user, null, ended(user, now), user.inFlightSince());
            Row address = locked(ADDRESS, attempt.address());
            store(ADDRESS, attempt.address(), address, address.counter(), ended(address, now), address.inFlightSince());
            return null;
        });
    }

    private static Optional<String> refusal(String subject, Row row, LoginThrottlePolicy.Limits limits, int maxInFlight,
            Instant now) {
        Optional<Instant> until = LoginThrottlePolicy.refusedUntil(row.counter(), limits, now);
        if (until.isPresent()) {
            return Optional.of(subject + " delayed or locked until " + until.get());
        }
        if (LoginThrottlePolicy.inFlight(row.inFlight(), row.inFlightSince(), now) >= maxInFlight) {
            return Optional.of(subject + " has " + maxInFlight + " sign-ins being checked already");
        }
        return Optional.empty();
    }

    /**
     * One more attempt being checked; the clock of an in-flight count starts with its
     * first attempt.
     */
    private void startChecking(String kind, String subject, Row row, Instant now) {
        int inFlight = LoginThrottlePolicy.inFlight(row.inFlight(), row.inFlightSince(), now);
        store(kind, subject, row, row.counter(), inFlight + 1, inFlight == 0 ? now : row.inFlightSince());
    }

    private static int ended(Row row, Instant now) {
        return Math.max(0, LoginThrottlePolicy.inFlight(row.inFlight(), row.inFlightSince(), now) - 1);
    }

    /**
     * The transaction, once more when another node inserted the same row at the same
     * moment or the database chose it as a deadlock's loser. A database that keeps
     * failing fails the sign-in (Spring Security answers it as an authentication failure,
     * not a 500).
     */
    private <T> T inTransaction(java.util.function.Supplier<T> work) {
        for (int tries = 1;; tries++) {
            try {
                return transaction.execute(status -> work.get());
            }
            catch (DuplicateKeyException | ConcurrencyFailureException raced) {
                if (tries == 3) {
                    throw new AuthenticationServiceException("sign-in is unavailable for a moment; try again", raced);
                }
            }
            catch (DataAccessException down) {
                throw new AuthenticationServiceException("sign-in is unavailable: the database does not answer", down);
            }
        }
    }

    /**
     * One subject's row, locked for the rest of the transaction (always user before
     * address: no deadlock).
     */
    private Row locked(String kind, String subject) {
        return rows.lockedRow(kind, subject);
    }

    private void store(String kind, String subject, Row before, LoginThrottlePolicy.Counter counter, int inFlight,
            Instant since) {
        rows.store(kind, subject, before, counter, inFlight, since);
    }

    /** What is stored for a user name or address: at most 100 characters. */
    static String subject(String text) {
        String value = text == null || text.isBlank() ? "(none)" : Text.printable(text.strip());
        return value.length() > 100 ? value.substring(0, 100) : value;
    }

}
