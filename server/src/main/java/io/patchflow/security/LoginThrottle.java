package io.patchflow.security;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.patchflow.audit.AuditTrail;
import io.patchflow.shared.Text;

/**
 * Remembers failed sign-ins in the database, so every node of a cluster sees the same counts and
 * a restart forgets nothing, and applies {@link LoginThrottlePolicy} to them.
 */
@Component
class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    static final String USER = "user";
    static final String ADDRESS = "address";

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final LoginThrottleSettings settings;
    private final TransactionTemplate transaction;
    private final Clock clock;

    @Autowired
    LoginThrottle(JdbcClient jdbc, AuditTrail audit, LoginThrottleSettings settings, PlatformTransactionManager transactions) {
        this(jdbc, audit, settings, transactions, Clock.systemUTC());
    }

    LoginThrottle(JdbcClient jdbc, AuditTrail audit, LoginThrottleSettings settings, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.settings = settings;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * An attempt that may be checked. It is counted as a failure before its password is checked,
     * in one transaction with the rows locked, so that a burst of parallel attempts sees each other
     * and only the first few are checked at all; a success takes the count back.
     */
    record Attempt(String user, String address, LoginThrottlePolicy.Counter userBefore, LoginThrottlePolicy.Counter userAfter,
                   LoginThrottlePolicy.Counter addressBefore, LoginThrottlePolicy.Counter addressAfter, Instant at) {
    }

    /** The attempt, counted; or empty when it is refused without checking (and then nothing is written). */
    Optional<Attempt> begin(String username, String address) {
        String user = subject(username);
        String from = subject(address);
        for (int tries = 1; ; tries++) {
            try {
                return Optional.ofNullable(transaction.execute(status -> reserve(user, from)));
            } catch (DuplicateKeyException | ConcurrencyFailureException raced) {
                // another attempt inserted one of the rows at the same moment (now both exist and
                // lock), or the database chose this one as a deadlock's loser: once more
                if (tries == 3) {
                    throw raced;
                }
            }
        }
    }

    private Attempt reserve(String user, String address) {
        Instant now = clock.instant();
        Map<String, LoginThrottlePolicy.Counter> counters = locked(user, address);
        LoginThrottlePolicy.Counter userBefore = counters.get(USER);
        LoginThrottlePolicy.Counter addressBefore = counters.get(ADDRESS);
        Optional<Instant> userRefused = LoginThrottlePolicy.refusedUntil(userBefore, settings.user(), now);
        Optional<Instant> addressRefused = LoginThrottlePolicy.refusedUntil(addressBefore, settings.address(), now);
        if (userRefused.isPresent() || addressRefused.isPresent()) {
            log.info("sign-in refused unchecked: {}", userRefused.map(t -> "user " + user + " until " + t)
                    .orElseGet(() -> "address " + address + " until " + addressRefused.get()));
            return null;
        }
        LoginThrottlePolicy.Counter userAfter = LoginThrottlePolicy.afterFailure(userBefore, settings.user(), now);
        LoginThrottlePolicy.Counter addressAfter = LoginThrottlePolicy.afterFailure(addressBefore, settings.address(), now);
        store(USER, user, userBefore, userAfter);
        store(ADDRESS, address, addressBefore, addressAfter);
        return new Attempt(user, address, userBefore, userAfter, addressBefore, addressAfter, now);
    }

    /** The password was wrong: the count stands; the trail says so, and says when a lock began. */
    void failed(Attempt attempt) {
        audit.record(null, null, attempt.user(), "LOGIN_FAILED", "wrong user name or password from " + attempt.address());
        lockAudit(USER, attempt.user(), attempt.userBefore(), attempt.userAfter(), attempt);
        lockAudit(ADDRESS, attempt.address(), attempt.addressBefore(), attempt.addressAfter(), attempt);
    }

    /** The password was right: the user's count goes, and the address gets this attempt back. */
    void succeeded(Attempt attempt) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM login_throttle WHERE subject_kind = ? AND subject = ?").params(USER, attempt.user()).update();
            if (attempt.addressBefore() == null) {
                jdbc.sql("DELETE FROM login_throttle WHERE subject_kind = ? AND subject = ? AND failures <= 1")
                        .params(ADDRESS, attempt.address()).update();
            }
            jdbc.sql("UPDATE login_throttle SET failures = failures - 1 WHERE subject_kind = ? AND subject = ? AND failures > 0")
                    .params(ADDRESS, attempt.address()).update();
        });
    }

    private void lockAudit(String kind, String subject, LoginThrottlePolicy.Counter before, LoginThrottlePolicy.Counter after,
                           Attempt attempt) {
        if (LoginThrottlePolicy.lockBegan(before, after, attempt.at())) {
            log.warn("sign-in locked for {} {} until {} after {} failures", kind, subject, after.lockedUntil(), after.failures());
            audit.record(null, null, kind.equals(USER) ? subject : "address:" + subject, "LOGIN_LOCKED",
                    kind + " " + subject + " locked until " + after.lockedUntil() + " after " + after.failures()
                            + " failed sign-ins (the last from " + attempt.address() + ")");
        }
    }

    /** The two rows, locked for the rest of the transaction. */
    private Map<String, LoginThrottlePolicy.Counter> locked(String user, String address) {
        record Row(String kind, LoginThrottlePolicy.Counter counter) { }
        return jdbc.sql("SELECT subject_kind, failures, last_failure, locked_until FROM login_throttle "
                        + "WHERE (subject_kind = 'user' AND subject = ?) OR (subject_kind = 'address' AND subject = ?) FOR UPDATE")
                .params(user, address)
                .query((rs, n) -> new Row(rs.getString(1), new LoginThrottlePolicy.Counter(rs.getInt(2),
                        instant(rs.getObject(3, OffsetDateTime.class)), instant(rs.getObject(4, OffsetDateTime.class)))))
                .list().stream().collect(Collectors.toMap(Row::kind, Row::counter));
    }

    private void store(String kind, String subject, LoginThrottlePolicy.Counter before, LoginThrottlePolicy.Counter after) {
        if (before != null) {
            jdbc.sql("UPDATE login_throttle SET failures = ?, last_failure = ?, locked_until = ? WHERE subject_kind = ? AND subject = ?")
                    .params(after.failures(), time(after.lastFailure()), time(after.lockedUntil()), kind, subject).update();
        } else {
            jdbc.sql("INSERT INTO login_throttle(subject_kind, subject, failures, last_failure, locked_until) VALUES (?,?,?,?,?)")
                    .params(kind, subject, after.failures(), time(after.lastFailure()), time(after.lockedUntil())).update();
        }
    }

    /** What is stored for a user name or address: at most 100 characters. */
    static String subject(String text) {
        String value = text == null || text.isBlank() ? "(none)" : Text.printable(text.strip());
        return value.length() > 100 ? value.substring(0, 100) : value;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
