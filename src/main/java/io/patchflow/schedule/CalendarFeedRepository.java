package io.patchflow.schedule;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.patchflow.shared.DateTimes;

/** Each user's calendar feed, by the hash of its token, in {@code calendar_feed}. */
@Repository
class CalendarFeedRepository {

    private final JdbcClient jdbc;

    CalendarFeedRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The user's feed, issued at, last read at. */
    record Feed(String username, Instant createdAt, Instant lastReadAt) {
    }

    /** Gives the user a feed with this token hash, replacing the one they had. */
    void replace(String username, String tokenHash, Instant now) {
        jdbc.sql("DELETE FROM calendar_feed WHERE username = ?").param(username).update();
        jdbc.sql("INSERT INTO calendar_feed (username, token_hash, created_at) VALUES (?, ?, ?)")
            .params(username, tokenHash, DateTimes.column(now))
            .update();
    }

    boolean delete(String username) {
        return jdbc.sql("DELETE FROM calendar_feed WHERE username = ?").param(username).update() > 0;
    }

    Optional<Feed> ofUser(String username) {
        return jdbc.sql("SELECT username, created_at, last_read_at FROM calendar_feed WHERE username = ?")
            .param(username)
            .query((rs, n) -> new Feed(rs.getString(1), instant(rs.getObject(2, OffsetDateTime.class)),
                    instant(rs.getObject(3, OffsetDateTime.class))))
            .optional();
    }

    /** Whose feed the token hash opens, noting the read. */
    Optional<String> read(String tokenHash, Instant now) {
        Optional<String> username = jdbc.sql("SELECT username FROM calendar_feed WHERE token_hash = ?")
            .param(tokenHash)
            .query(String.class)
            .optional();
        username.ifPresent(u -> jdbc.sql("UPDATE calendar_feed SET last_read_at = ? WHERE username = ?")
            .params(DateTimes.column(now), u)
            .update());
        return username;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

}
