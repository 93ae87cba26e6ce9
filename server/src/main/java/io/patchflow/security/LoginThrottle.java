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

    /** Why an attempt by this user from this address is refused without checking it; empty if it may be checked. */
    Optional<String> refusal(String username, String address, Map<String, LoginThrottlePolicy.Counter> counters) {
        Instant now = clock.instant();
        Optional<Instant> user = LoginThrottlePolicy.refusedUntil(counters.get(USER), settings.user(), now);
        Optional<Instant> from = LoginThrottlePolicy.refusedUntil(counters.get(ADDRESS), settings.address(), now);
        if (user.isPresent()) {
            return Optional.of("user " + subject(username) + " throttled until " + user.get());
        }
        return from.map(until -> "address " + subject(address) + " throttled until " + until);
    }

    void failed(String username, String address) {
        transaction.executeWithoutResult(status -> {
            count(USER, subject(username), settings.user(), address);
            count(ADDRESS, subject(address), settings.address(), address);
        });
        audit.record(null, null, subject(username), "LOGIN_FAILED", "wrong user name or password from " + subject(address));
    }

    void succeeded(String username, Map<String, LoginThrottlePolicy.Counter> known) {
        if (known.containsKey(USER)) {
            jdbc.sql("DELETE FROM login_throttle WHERE subject_kind = ? AND subject = ?").params(USER, subject(username)).update();
        }
    }

    /** The stored counters of one user name and one address, by kind. */
    Map<String, LoginThrottlePolicy.Counter> counters(String username, String address) {
        record Row(String kind, LoginThrottlePolicy.Counter counter) { }
        return jdbc.sql("SELECT subject_kind, failures, last_failure, locked_until FROM login_throttle "
                        + "WHERE (subject_kind = 'user' AND subject = ?) OR (subject_kind = 'address' AND subject = ?)")
                .params(subject(username), subject(address))
                .query((rs, n) -> new Row(rs.getString(1), new LoginThrottlePolicy.Counter(rs.getInt(2), instant(rs.getObject(3, OffsetDateTime.class)),
                        instant(rs.getObject(4, OffsetDateTime.class)))))
                .list().stream().collect(Collectors.toMap(Row::kind, Row::counter));
    }

    private void count(String kind, String subject, LoginThrottlePolicy.Limits limits, String address) {
        Instant now = clock.instant();
        Optional<LoginThrottlePolicy.Counter> before = jdbc.sql("SELECT failures, last_failure, locked_until FROM login_throttle "
                        + "WHERE subject_kind = ? AND subject = ? FOR UPDATE")
                .params(kind, subject)
                .query((rs, n) -> new LoginThrottlePolicy.Counter(rs.getInt(1), instant(rs.getObject(2, OffsetDateTime.class)),
                        instant(rs.getObject(3, OffsetDateTime.class))))
                .optional();
        LoginThrottlePolicy.Counter after = LoginThrottlePolicy.afterFailure(before.orElse(null), limits, now);
        if (before.isPresent()) {
            jdbc.sql("UPDATE login_throttle SET failures = ?, last_failure = ?, locked_until = ? WHERE subject_kind = ? AND subject = ?")
                    .params(after.failures(), time(after.lastFailure()), time(after.lockedUntil()), kind, subject).update();
        } else {
            try {
                jdbc.sql("INSERT INTO login_throttle(subject_kind, subject, failures, last_failure, locked_until) VALUES (?,?,?,?,?)")
                        .params(kind, subject, after.failures(), time(after.lastFailure()), time(after.lockedUntil())).update();
            } catch (DuplicateKeyException raced) {
                // another node counted the first failure at the same moment; this one is its second
                jdbc.sql("UPDATE login_throttle SET failures = failures + 1, last_failure = ? WHERE subject_kind = ? AND subject = ?")
                        .params(time(now), kind, subject).update();
            }
        }
        if (LoginThrottlePolicy.lockBegan(before.orElse(null), after, now)) {
            log.warn("sign-in locked for {} {} until {} after {} failures", kind, subject, after.lockedUntil(), after.failures());
            audit.record(null, null, kind.equals(USER) ? subject : "address:" + subject, "LOGIN_LOCKED",
                    kind + " " + subject + " locked until " + after.lockedUntil() + " after " + after.failures()
                            + " failed sign-ins (the last from " + subject(address) + ")");
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
