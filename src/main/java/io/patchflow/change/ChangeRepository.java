package io.patchflow.change;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import io.patchflow.shared.Page;

/**
 * The rows of {@code change_request}, {@code change_patch} and
 * {@code change_health_check}.
 */
@Repository
class ChangeRepository {

    private static final String COLUMNS = "id, customer_id, title, description, requester, emergency_requested, change_type, "
            + "risk_level, backup_required, status, outcome, outcome_reason, requested_start, scheduled_start, "
            + "process_instance_id, created_at, updated_at, closed_at, scheduled_end";

    private final JdbcClient jdbc;

    ChangeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    ChangeId insert(String customerId, String title, String description, String requester, boolean emergency,
            OffsetDateTime requestedStart, Instant slaClockStart) {
        OffsetDateTime now = now();
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO change_request(customer_id, title, description, requester, emergency_requested, status, "
                + "requested_start, sla_clock_start, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)")
            .params(customerId, title, description, requester, emergency, ChangeStatus.SUBMITTED.name(), requestedStart,
                    slaClockStart == null ? null : OffsetDateTime.ofInstant(slaClockStart, ZoneOffset.UTC), now, now)
            .update(keys, "id");
        return new ChangeId(keys.getKey().longValue());
    }

    void insertPatches(ChangeId id, List<Long> patchIds) {
        int position = 0;
        for (Long patchId : patchIds) {
            jdbc.sql("INSERT INTO change_patch(change_id, patch_id, position) VALUES (?,?,?)")
                .params(id.value(), patchId, position++)
                .update();
        }
    }

    List<Long> patchIds(ChangeId id) {
        return jdbc.sql("SELECT patch_id FROM change_patch WHERE change_id = ? ORDER BY position")
            .param(id.value())
            .query(Long.class)
            .list();
    }

    Optional<ChangeRequest> find(ChangeId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM change_request WHERE id = ?")
            .param(id.value())
            .query(ChangeRepository::change)
            .optional();
    }

    /**
     * Locks the change's row for the rest of the transaction, so status checks and
     * updates do not race.
     */
    Optional<ChangeRequest> findForUpdate(ChangeId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM change_request WHERE id = ? FOR UPDATE")
            .param(id.value())
            .query(ChangeRepository::change)
            .optional();
    }

    /**
     * The changes of {@code customerIds} that match every filter of the query, newest
     * first. Reads ticketing's, deployment's, inventory's and patch's tables to match a
     * ticket, an asset and a CVE; each of those is a subquery that starts from the value
     * looked for (indexed, V18), so a filter narrows before it joins.
     */
    Page<ChangeRequest> search(Collection<String> customerIds, ChangeQuery query) {
        if (customerIds.isEmpty()) {
            return new Page<>(List.of(), query.page(), query.size(), 0);
        }
        StringBuilder where = new StringBuilder(" WHERE c.customer_id IN (:customers)");
        Map<String, Object> params = new HashMap<>();
        params.put("customers", customerIds);
        if (query.q() != null) {
            Long id = query.changeId();
            where.append(" AND (LOWER(c.title) LIKE :title ESCAPE '\\'" + (id == null ? "" : " OR c.id = :id") + ")");
            params.put("title", "%" + likeEscaped(query.q().toLowerCase(java.util.Locale.ROOT)) + "%");
            if (id != null) {
                params.put("id", id);
            }
        }
        if (query.customer() != null) {
            where.append(" AND c.customer_id = :customer");
            params.put("customer", query.customer());
        }
        if (query.ticket() != null) {
            where.append(" AND c.id IN (SELECT ct.change_id FROM ticket t JOIN change_ticket ct ON ct.ticket_id = t.id "
                    + "WHERE t.reference = :ticket AND t.customer_id IN (:customers))");
            params.put("ticket", query.ticket());
        }
        if (query.asset() != null) {
            where.append(" AND c.id IN (SELECT ca.change_id FROM asset a JOIN change_asset ca ON ca.asset_id = a.id "
                    + "WHERE a.customer_id IN (:customers) AND LOWER(a.hostname) = :asset)");
            params.put("asset", query.asset().toLowerCase(java.util.Locale.ROOT));
        }
        if (query.cve() != null) {
            where.append(
                    " AND c.id IN (SELECT cp.change_id FROM patch_cve pc JOIN change_patch cp ON cp.patch_id = pc.patch_id "
                            + "WHERE pc.cve_id = :cve)");
            params.put("cve", query.cve());
        }
        if (query.status() != null) {
            where.append(" AND c.status = :status");
            params.put("status", query.status().name());
        }
        if (query.outcome() != null) {
            where.append(" AND c.outcome = :outcome");
            params.put("outcome", query.outcome().name());
        }
        if (query.from() != null) {
            where.append(" AND c.created_at >= :from");
            params.put("from", query.from().atStartOfDay().atOffset(ZoneOffset.UTC));
        }
        if (query.to() != null) {
            where.append(" AND c.created_at < :to");
            params.put("to", query.to().plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM change_request c" + where)
            .params(params)
            .query(Long.class)
            .single();
        params.put("offset", query.page() * query.size());
        params.put("limit", query.size());
        List<ChangeRequest> items = jdbc
            .sql("SELECT " + COLUMNS.replaceAll("(^|, )", "$1c.") + " FROM change_request c" + where
                    + " ORDER BY c.id DESC OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY")
            .params(params)
            .query(ChangeRepository::change)
            .list();
        return new Page<>(items, query.page(), query.size(), total);
    }

    /** {@code text} matched literally by LIKE ... ESCAPE '\'. */
    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /**
     * Open changes (not in review, not closed) whose scheduled slot overlaps [from, to),
     * earliest first, at most {@code limit}; {@code customerIds} null means every
     * customer.
     */
    List<ChangeRequest> withSlotsOverlapping(Collection<String> customerIds, Instant from, Instant to, int limit) {
        if (customerIds != null && customerIds.isEmpty()) {
            return List.of();
        }
        Map<String, Object> params = new HashMap<>();
        params.put("from", from.atOffset(ZoneOffset.UTC));
        params.put("to", to.atOffset(ZoneOffset.UTC));
        params.put("limit", limit);
        if (customerIds != null) {
            params.put("customers", customerIds);
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM change_request WHERE status NOT IN ('IN_REVIEW', 'CLOSED') "
                + (customerIds == null ? "" : "AND customer_id IN (:customers) ")
                + "AND scheduled_start < :to AND scheduled_end > :from ORDER BY scheduled_start, id FETCH FIRST :limit ROWS ONLY")
            .params(params)
            .query(ChangeRepository::change)
            .list();
    }

    /**
     * Open changes without an outcome whose SLA deadline fell in (from, to], earliest
     * first, at most {@code limit}.
     */
    List<SlaDeadline> slaDeadlinesPassed(Instant from, Instant to, int limit) {
        return jdbc
            .sql("SELECT id, sla_due_at FROM change_request WHERE status NOT IN ('IN_REVIEW', 'CLOSED') "
                    + "AND outcome IS NULL AND sla_due_at > ? AND sla_due_at <= ? ORDER BY sla_due_at, id "
                    + "FETCH FIRST ? ROWS ONLY")
            .params(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), limit)
            .query((rs, n) -> new SlaDeadline(new ChangeId(rs.getLong(1)),
                    rs.getObject(2, OffsetDateTime.class).toInstant()))
            .list();
    }

    List<ChangeRequest> find(Collection<ChangeId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM change_request WHERE id IN (:ids)")
            .param("ids", ids.stream().map(ChangeId::value).toList())
            .query(ChangeRepository::change)
            .list();
    }

    void setProcessInstance(ChangeId id, String processInstanceId) {
        jdbc.sql("UPDATE change_request SET process_instance_id = ?, updated_at = ? WHERE id = ?")
            .params(processInstanceId, now(), id.value())
            .update();
    }

    void setStatus(ChangeId id, ChangeStatus status) {
        jdbc.sql("UPDATE change_request SET status = ?, updated_at = ? WHERE id = ?")
            .params(status.name(), now(), id.value())
            .update();
    }

    void setClassification(ChangeId id, RiskLevel risk, ChangeType type, boolean backupRequired) {
        jdbc.sql(
                "UPDATE change_request SET risk_level = ?, change_type = ?, backup_required = ?, updated_at = ? WHERE id = ?")
            .params(risk.name(), type.name(), backupRequired, now(), id.value())
            .update();
    }

    /** The SLA band and deadline the latest assessment gave the change. */
    void setSla(ChangeId id, String band, java.time.Instant dueAt) {
        jdbc.sql("UPDATE change_request SET sla_band = ?, sla_due_at = ?, updated_at = ? WHERE id = ?")
            .params(band, dueAt == null ? null : OffsetDateTime.ofInstant(dueAt, java.time.ZoneOffset.UTC), now(),
                    id.value())
            .update();
    }

    /**
     * When the change's SLA clock started: when its patches were found applicable (a
     * proposal), else when it was submitted.
     */
    java.time.Instant slaClockStart(ChangeId id) {
        return jdbc.sql("SELECT COALESCE(sla_clock_start, created_at) FROM change_request WHERE id = ?")
            .param(id.value())
            .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant())
            .single();
    }

    void setSlot(ChangeId id, OffsetDateTime start, OffsetDateTime end) {
        jdbc.sql("UPDATE change_request SET scheduled_start = ?, scheduled_end = ?, updated_at = ? WHERE id = ?")
            .params(start, end, now(), id.value())
            .update();
    }

    void setOutcome(ChangeId id, ChangeOutcome outcome, String reason) {
        jdbc.sql("UPDATE change_request SET outcome = ?, outcome_reason = ?, updated_at = ? WHERE id = ?")
            .params(outcome.name(), reason, now(), id.value())
            .update();
    }

    void close(ChangeId id) {
        OffsetDateTime now = now();
        jdbc.sql("UPDATE change_request SET status = ?, closed_at = ?, updated_at = ? WHERE id = ?")
            .params(ChangeStatus.CLOSED.name(), now, now, id.value())
            .update();
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static ChangeRequest change(ResultSet rs, int n) throws SQLException {
        String type = rs.getString(7);
        String risk = rs.getString(8);
        boolean backup = rs.getBoolean(9);
        Boolean backupRequired = rs.wasNull() ? null : backup;
        String outcome = rs.getString(11);
        return new ChangeRequest(new ChangeId(rs.getLong(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getBoolean(6), type == null ? null : ChangeType.valueOf(type),
                risk == null ? null : RiskLevel.valueOf(risk), backupRequired, ChangeStatus.valueOf(rs.getString(10)),
                outcome == null ? null : ChangeOutcome.valueOf(outcome), rs.getString(12),
                rs.getObject(13, OffsetDateTime.class), rs.getObject(14, OffsetDateTime.class),
                rs.getObject(19, OffsetDateTime.class), rs.getString(15), rs.getObject(16, OffsetDateTime.class),
                rs.getObject(17, OffsetDateTime.class), rs.getObject(18, OffsetDateTime.class));
    }

    void insertHealthChecks(ChangeId id, List<HealthCheck> checks) {
        for (int i = 0; i < checks.size(); i++) {
            HealthCheck c = checks.get(i);
            jdbc.sql(
                    "INSERT INTO change_health_check(change_id, position, kind, name, unit, url, expect_status) VALUES (?,?,?,?,?,?,?)")
                .params(id.value(), i, c.type(), c.name(), c.unit(), c.url(), c.expectStatus())
                .update();
        }
    }

    List<HealthCheck> healthChecks(ChangeId id) {
        return jdbc.sql(
                "SELECT kind, name, unit, url, expect_status FROM change_health_check WHERE change_id = ? ORDER BY position")
            .param(id.value())
            .query((rs, n) -> new HealthCheck(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    (Integer) rs.getObject(5, Integer.class)))
            .list();
    }

}
