package io.patchflow.inbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import io.patchflow.shared.DateTimes;

/** People's absences ({@code inbox_absence}, ADR 0039). */
@Repository
class AbsenceRepository {

    private static final String COLUMNS = "a.id, a.username, a.deputy, a.starts_at, a.ends_at";

    private final JdbcClient jdbc;

    AbsenceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the person's row so that two absences saved at the same moment are checked
     * for overlap one after the other.
     */
    void lock(String username) {
        jdbc.sql("SELECT username FROM app_user WHERE username = ? FOR UPDATE").param(username).query().listOfRows();
    }

    long insert(String username, String deputy, Instant from, Instant until, Instant now) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO inbox_absence (username, deputy, starts_at, ends_at, created_at) VALUES (?, ?, ?, ?, ?)")
            .params(username, deputy, DateTimes.column(from), DateTimes.column(until), DateTimes.column(now))
            .update(key, "id");
        return key.getKey().longValue();
    }

    /**
     * The person's absences that have not ended at {@code now}, the running one first.
     */
    List<Absence> notEnded(String username, Instant now) {
        return jdbc
            .sql("SELECT " + COLUMNS + " FROM inbox_absence a WHERE a.username = ? AND a.ends_at > ? "
                    + "ORDER BY a.starts_at")
            .params(username, DateTimes.column(now))
            .query(AbsenceRepository::absence)
            .list();
    }

    /** The person's absences that overlap {@code [from, until)}. */
    List<Absence> overlapping(String username, Instant from, Instant until) {
        return jdbc
            .sql("SELECT " + COLUMNS + " FROM inbox_absence a WHERE a.username = ? AND a.starts_at < ? "
                    + "AND a.ends_at > ? ORDER BY a.starts_at")
            .params(username, DateTimes.column(until), DateTimes.column(from))
            .query(AbsenceRepository::absence)
            .list();
    }

    Optional<Absence> runningAt(String username, Instant now) {
        return jdbc
            .sql("SELECT " + COLUMNS + " FROM inbox_absence a WHERE a.username = ? AND a.starts_at <= ? "
                    + "AND a.ends_at > ? ORDER BY a.starts_at")
            .params(username, DateTimes.column(now), DateTimes.column(now))
            .query(AbsenceRepository::absence)
            .optional();
    }

    /** Everyone away at {@code now}, by user name. */
    Set<String> awayAt(Instant now) {
        return Set.copyOf(jdbc
            .sql("SELECT DISTINCT a.username FROM inbox_absence a WHERE a.starts_at <= ? " + "AND a.ends_at > ?")
            .params(DateTimes.column(now), DateTimes.column(now))
            .query(String.class)
            .list());
    }

    Optional<Absence> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM inbox_absence a WHERE a.id = ?")
            .param(id)
            .query(AbsenceRepository::absence)
            .optional();
    }

    void endAt(long id, Instant end) {
        jdbc.sql("UPDATE inbox_absence SET ends_at = ? WHERE id = ?").params(DateTimes.column(end), id).update();
    }

    void delete(long id) {
        jdbc.sql("DELETE FROM inbox_absence WHERE id = ?").param(id).update();
    }

    /**
     * The group tasks (ones with candidate groups) assigned, in the inbox's index, to
     * someone whose absence runs at {@code now}, with that absence; at most
     * {@code limit}.
     */
    List<AwayTask> assignedToAbsentees(Instant now, int limit) {
        return jdbc
            .sql("SELECT t.task_id, " + COLUMNS + " FROM inbox_task t JOIN inbox_absence a "
                    + "ON a.username = t.assignee AND a.starts_at <= :now AND a.ends_at > :now "
                    + "WHERE t.offered_to IS NOT NULL " + "ORDER BY t.task_id LIMIT :limit")
            .param("now", DateTimes.column(now))
            .param("limit", limit)
            .query((rs, n) -> new AwayTask(rs.getString(1), absence(rs, 2, n)))
            .list();
    }

    /** A task assigned to a person who is away. */
    record AwayTask(String taskId, Absence absence) {
    }

    private static Absence absence(ResultSet rs, int row) throws SQLException {
        return absence(rs, 1, row);
    }

    /** The absence in the result set's columns from {@code c} on. */
    private static Absence absence(ResultSet rs, int c, int row) throws SQLException {
        return new Absence(rs.getLong(c), rs.getString(c + 1), rs.getString(c + 2),
                rs.getObject(c + 3, OffsetDateTime.class).toInstant(),
                rs.getObject(c + 4, OffsetDateTime.class).toInstant());
    }

}
