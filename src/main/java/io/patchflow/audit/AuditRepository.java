package io.patchflow.audit;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rows of {@code audit_event}: appended, never updated. */
@Repository
class AuditRepository {

    private final JdbcClient jdbc;

    AuditRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String customerId, Long changeId, String actor, String kind, String detail) {
        jdbc.sql(
                "INSERT INTO audit_event(customer_id, change_id, occurred_at, actor, kind, detail) VALUES (?,?,?,?,?,?)")
            .params(customerId, changeId, OffsetDateTime.now(ZoneOffset.UTC), actor, kind, detail)
            .update();
    }

    List<AuditEvent> ofChange(long changeId) {
        return jdbc
            .sql("SELECT id, customer_id, change_id, occurred_at, actor, kind, detail FROM audit_event "
                    + "WHERE change_id = ? ORDER BY id")
            .param(changeId)
            .query((rs, n) -> new AuditEvent(rs.getLong(1), rs.getString(2), rs.getLong(3),
                    rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getString(6), rs.getString(7)))
            .list();
    }

}
