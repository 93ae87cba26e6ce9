package io.patchflow.inventory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.shared.Page;

/**
 * Version changes nobody approved: an agent's inventory shows a package whose version moved
 * (installed, upgraded, downgraded, removed) while no change installed or rolled back anything
 * on that asset since its previous report. Each is recorded once and shown to change managers.
 */
@Service
public class UnauthorizedChanges {

    public record UnauthorizedChange(long id, String customerId, long assetId, String hostname, String packageName, String fromVersion,
                                     String toVersion, OffsetDateTime detectedAt, String status, String acknowledgedBy,
                                     OffsetDateTime acknowledgedAt, String note) {
    }

    private final JdbcClient jdbc;
    private final AuditTrail audit;

    UnauthorizedChanges(JdbcClient jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /**
     * Compares two consecutive reports of one asset. The first report is the baseline and finds
     * nothing. A difference is explained if a change's install or rollback job on this asset was
     * leased or finished since the previous report (it may also have moved the packages the
     * patch depends on).
     *
     * @return how many new unauthorized changes were recorded
     */
    int detect(long assetId, String customerId, Map<String, String> before, Map<String, String> after, OffsetDateTime previousReport,
               OffsetDateTime now) {
        if (previousReport == null) {
            return 0;
        }
        Set<String> names = new HashSet<>(before.keySet());
        names.addAll(after.keySet());
        List<String> moved = names.stream().filter(n -> !Objects.equals(before.get(n), after.get(n))).sorted().toList();
        if (moved.isEmpty()) {
            return 0;
        }
        // agent_job belongs to the agent API; only its timestamps are read here
        boolean explained = jdbc.sql("SELECT COUNT(*) FROM agent_job WHERE asset_id = ? AND job_type IN ('INSTALL','ROLLBACK') "
                        + "AND (status = 'LEASED' OR finished_at >= ?)")
                .params(assetId, previousReport.minusMinutes(5)).query(Long.class).single() > 0;
        if (explained) {
            return 0;
        }
        int recorded = 0;
        List<String> described = new ArrayList<>();
        for (String name : moved) {
            String from = before.get(name);
            String to = after.get(name);
            boolean known = jdbc.sql("SELECT COUNT(*) FROM unauthorized_change WHERE asset_id = ? AND package_name = ? "
                            + "AND (to_version = ? OR (to_version IS NULL AND ? IS NULL))")
                    .params(assetId, name, to, to).query(Long.class).single() > 0;
            if (known) {
                continue;
            }
            jdbc.sql("INSERT INTO unauthorized_change(customer_id, asset_id, package_name, from_version, to_version, detected_at, status) "
                            + "VALUES (?,?,?,?,?,?,'OPEN')")
                    .params(customerId, assetId, name, from, to, now).update();
            described.add(name + " " + (from == null ? "(new)" : from) + " → " + (to == null ? "(removed)" : to));
            recorded++;
        }
        if (recorded > 0) {
            audit.record(customerId, null, "inventory", "UNAUTHORIZED_CHANGE_DETECTED", "asset " + assetId + ": "
                    + String.join(", ", described.subList(0, Math.min(20, described.size())))
                    + (described.size() > 20 ? " and " + (described.size() - 20) + " more" : ""));
        }
        return recorded;
    }

    @Transactional(readOnly = true)
    public Page<UnauthorizedChange> list(Actor actor, String customerId, String status, int page, int size) {
        if (!actor.canSee(customerId)) {
            throw new NotFoundException("no customer " + customerId);
        }
        if (!"OPEN".equals(status) && !"ACKNOWLEDGED".equals(status)) {
            throw new InvalidInputException("status", "status is OPEN or ACKNOWLEDGED");
        }
        int p = Page.checkedPage(page);
        int s = Page.checkedSize(size);
        List<UnauthorizedChange> items = jdbc.sql("SELECT u.id, u.customer_id, u.asset_id, a.hostname, u.package_name, u.from_version, "
                        + "u.to_version, u.detected_at, u.status, u.acknowledged_by, u.acknowledged_at, u.note FROM unauthorized_change u "
                        + "JOIN asset a ON a.id = u.asset_id WHERE u.customer_id = ? AND u.status = ? "
                        + "ORDER BY u.detected_at DESC, u.id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")
                .params(customerId, status, p * s, s).query(UnauthorizedChanges::row).list();
        long total = jdbc.sql("SELECT COUNT(*) FROM unauthorized_change WHERE customer_id = ? AND status = ?").params(customerId, status)
                .query(Long.class).single();
        return new Page<>(items, p, s, total);
    }

    /** A change manager has looked at it: someone patched by hand, say. The note says what was found. */
    @Transactional
    public UnauthorizedChange acknowledge(Actor actor, long id, String note) {
        UnauthorizedChange found = find(id).filter(u -> actor.canSee(u.customerId()))
                .orElseThrow(() -> new NotFoundException("no unauthorized change " + id));
        if (!actor.hasAny(Role.CHANGE_MANAGER, Role.ADMIN)) {
            throw new ForbiddenException("only change managers and administrators acknowledge unauthorized changes");
        }
        String text = note == null ? "" : note.strip();
        if (text.isEmpty() || text.length() > 1000) {
            throw new InvalidInputException("note", "say what was found, in at most 1000 characters");
        }
        if (jdbc.sql("UPDATE unauthorized_change SET status = 'ACKNOWLEDGED', acknowledged_by = ?, acknowledged_at = ?, note = ? "
                        + "WHERE id = ? AND status = 'OPEN'")
                .params(actor.username(), OffsetDateTime.now(ZoneOffset.UTC), text, id).update() != 1) {
            throw new ConflictException("unauthorized change " + id + " was already acknowledged");
        }
        audit.record(found.customerId(), null, actor.username(), "UNAUTHORIZED_CHANGE_ACKNOWLEDGED",
                found.hostname() + " " + found.packageName() + " → " + found.toVersion() + ": " + text);
        return find(id).orElseThrow();
    }

    private java.util.Optional<UnauthorizedChange> find(long id) {
        return jdbc.sql("SELECT u.id, u.customer_id, u.asset_id, a.hostname, u.package_name, u.from_version, u.to_version, u.detected_at, "
                        + "u.status, u.acknowledged_by, u.acknowledged_at, u.note FROM unauthorized_change u JOIN asset a ON a.id = u.asset_id "
                        + "WHERE u.id = ?")
                .param(id).query(UnauthorizedChanges::row).optional();
    }

    private static UnauthorizedChange row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new UnauthorizedChange(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getObject(8, OffsetDateTime.class), rs.getString(9), rs.getString(10),
                rs.getObject(11, OffsetDateTime.class), rs.getString(12));
    }
}
