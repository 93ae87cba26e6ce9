package io.patchflow.security;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Failed and in-flight sign-ins per user name and per address, in {@code login_throttle}.
 */
@Repository
class LoginThrottleRepository {

    private final JdbcClient jdbc;

    LoginThrottleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A subject's row: its failures, and how many of its attempts are being checked. */
    record Row(LoginThrottlePolicy.Counter counter, int inFlight, Instant inFlightSince) {
        static final Row NONE = new Row(null, 0, null);

    }

    /** Until when the subject is locked, if it has a lock (a plain read, no row lock). */
    Optional<Instant> lockedUntil(String kind, String subject) {
        return jdbc.sql("SELECT locked_until FROM login_throttle WHERE subject_kind = ? AND subject = ?")
            .params(kind, subject)
            .query((rs, n) -> Optional.ofNullable(instant(rs.getObject(1, OffsetDateTime.class))))
            .optional()
            .flatMap(until -> until);
    }

    /**
     * One subject's row, locked for the rest of the transaction; {@link Row#NONE} when it
     * has none.
     */
    Row lockedRow(String kind, String subject) {
        return jdbc
            .sql("SELECT failures, last_failure, locked_until, in_flight, in_flight_since FROM login_throttle "
                    + "WHERE subject_kind = ? AND subject = ? FOR UPDATE")
            .params(kind, subject)
            .query((rs, n) -> new Row(rs.getInt(1) == 0 && rs.getObject(2) == null ? null
                    : new LoginThrottlePolicy.Counter(rs.getInt(1), instant(rs.getObject(2, OffsetDateTime.class)),
                            instant(rs.getObject(3, OffsetDateTime.class))),
                    rs.getInt(4), instant(rs.getObject(5, OffsetDateTime.class))))
            .optional()
            .orElse(Row.NONE);
    }

    /** Writes a subject's row; a row with nothing left in it is removed. */
    void store(String kind, String subject, Row before, LoginThrottlePolicy.Counter counter, int inFlight,
            Instant since) {
        int failures = counter == null ? 0 : counter.failures();
        Instant lastFailure = counter == null ? null : counter.lastFailure();
        Instant lockedUntil = counter == null ? null : counter.lockedUntil();
        Instant inFlightSince = inFlight == 0 ? null : since;
        if (before == Row.NONE) {
            if (failures > 0 || inFlight > 0) {
                jdbc.sql(
                        "INSERT INTO login_throttle(subject_kind, subject, failures, last_failure, locked_until, in_flight, in_flight_since) "
                                + "VALUES (?,?,?,?,?,?,?)")
                    .params(kind, subject, failures, time(lastFailure), time(lockedUntil), inFlight,
                            time(inFlightSince))
                    .update();
            }
        }
        else if (failures == 0 && inFlight == 0) {
            jdbc.sql("DELETE FROM login_throttle WHERE subject_kind = ? AND subject = ?")
                .params(kind, subject)
                .update();
        }
        else {
            jdbc.sql(
                    "UPDATE login_throttle SET failures = ?, last_failure = ?, locked_until = ?, in_flight = ?, in_flight_since = ? "
                            + "WHERE subject_kind = ? AND subject = ?")
                .params(failures, time(lastFailure), time(lockedUntil), inFlight, time(inFlightSince), kind, subject)
                .update();
        }
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

}
