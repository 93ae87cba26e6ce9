package io.patchflow.schedule;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import io.patchflow.shared.DateTimes;

@Repository
class BlackoutRepository {

    private final JdbcClient jdbc;

    BlackoutRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The customer's blackouts and the global ones that overlap [from, to). */
    List<Blackout> overlapping(String customerId, Instant from, Instant to) {
        return jdbc.sql("SELECT id, customer_id, name, starts_at, ends_at, kind FROM blackout "
                + "WHERE (customer_id = ? OR customer_id IS NULL) AND starts_at < ? AND ends_at > ? ORDER BY starts_at")
            .params(customerId, DateTimes.column(to), DateTimes.column(from))
            .query(BlackoutRepository::blackout)
            .list();
    }

    /**
     * Blackouts of the given customers and the global ones that overlap [from, to),
     * oldest first, at most {@code limit}.
     */
    List<Blackout> visible(Collection<String> customerIds, Instant from, Instant to, int limit) {
        return jdbc.sql("SELECT id, customer_id, name, starts_at, ends_at, kind FROM blackout "
                + "WHERE (customer_id IN (:customers) OR customer_id IS NULL) AND starts_at < :to AND ends_at > :from "
                + "ORDER BY starts_at, id LIMIT :limit")
            .param("customers", customerIds.isEmpty() ? List.of("") : customerIds)
            .param("to", DateTimes.column(to))
            .param("from", DateTimes.column(from))
            .param("limit", limit)
            .query(BlackoutRepository::blackout)
            .list();
    }

    Optional<Blackout> find(long id) {
        return jdbc.sql("SELECT id, customer_id, name, starts_at, ends_at, kind FROM blackout WHERE id = ?")
            .param(id)
            .query(BlackoutRepository::blackout)
            .optional();
    }

    /** Ends a blackout early (now), or removes it if it has not begun. */
    void endAt(long id, Instant end) {
        jdbc.sql("UPDATE blackout SET ends_at = ? WHERE id = ?").params(DateTimes.column(end), id).update();
    }

    void delete(long id) {
        jdbc.sql("DELETE FROM blackout WHERE id = ?").param(id).update();
    }

    private static Blackout blackout(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Blackout(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getObject(5, OffsetDateTime.class).toInstant(),
                Blackout.Kind.valueOf(rs.getString(6)));
    }

    long create(String customerId, String name, Instant start, Instant end, Blackout.Kind kind, String createdBy) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql(
                "INSERT INTO blackout(customer_id, name, starts_at, ends_at, kind, created_by, created_at) VALUES (?,?,?,?,?,?,?)")
            .params(customerId, name, DateTimes.column(start), DateTimes.column(end), kind.name(), createdBy,
                    OffsetDateTime.now(ZoneOffset.UTC))
            .update(keys, "id");
        return keys.getKey().longValue();
    }

}
