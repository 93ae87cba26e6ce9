package io.patchflow.inventory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.patchflow.inventory.UnauthorizedChanges.UnauthorizedChange;

/** Version changes nobody approved, in {@code unauthorized_change}. */
@Repository
class UnauthorizedChangeRepository {

    private static final String SELECT = "SELECT u.id, u.customer_id, u.asset_id, a.hostname, u.package_name, u.from_version, "
            + "u.to_version, u.detected_at, u.status, u.acknowledged_by, u.acknowledged_at, u.note FROM unauthorized_change u "
            + "JOIN asset a ON a.id = u.asset_id ";

    private final JdbcClient jdbc;

    UnauthorizedChangeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Whether a change installed or rolled back something on the asset since
     * {@code since}. Reads (never writes) the agent API's {@code agent_job}: only its
     * timestamps.
     */
    boolean installOrRollbackSince(long assetId, OffsetDateTime since) {
        return jdbc
            .sql("SELECT COUNT(*) FROM agent_job WHERE asset_id = ? AND job_type IN ('INSTALL','ROLLBACK') "
                    + "AND (status = 'LEASED' OR finished_at >= ?)")
            .params(assetId, since)
            .query(Long.class)
            .single() > 0;
    }

    /**
     * Whether this move of the package to {@code toVersion} (null: removed) on the asset
     * is already recorded.
     */
    boolean known(long assetId, String packageName, String toVersion) {
        return jdbc
            .sql("SELECT COUNT(*) FROM unauthorized_change WHERE asset_id = ? AND package_name = ? "
                    + "AND (to_version = ? OR (to_version IS NULL AND ? IS NULL))")
            .params(assetId, packageName, toVersion, toVersion)
            .query(Long.class)
            .single() > 0;
    }

    void insert(String customerId, long assetId, String packageName, String fromVersion, String toVersion,
            OffsetDateTime now) {
        jdbc.sql(
                "INSERT INTO unauthorized_change(customer_id, asset_id, package_name, from_version, to_version, detected_at, status) "
                        + "VALUES (?,?,?,?,?,?,'OPEN')")
            .params(customerId, assetId, packageName, fromVersion, toVersion, now)
            .update();
    }

    List<UnauthorizedChange> list(String customerId, String status, int offset, int limit) {
        return jdbc
            .sql(SELECT + "WHERE u.customer_id = ? AND u.status = ? "
                    + "ORDER BY u.detected_at DESC, u.id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")
            .params(customerId, status, offset, limit)
            .query(UnauthorizedChangeRepository::row)
            .list();
    }

    long count(String customerId, String status) {
        return jdbc.sql("SELECT COUNT(*) FROM unauthorized_change WHERE customer_id = ? AND status = ?")
            .params(customerId, status)
            .query(Long.class)
            .single();
    }

    /**
     * @return false when it was not open (already acknowledged)
     */
    boolean acknowledge(long id, String by, OffsetDateTime at, String note) {
        return jdbc.sql(
                "UPDATE unauthorized_change SET status = 'ACKNOWLEDGED', acknowledged_by = ?, acknowledged_at = ?, note = ? "
                        + "WHERE id = ? AND status = 'OPEN'")
            .params(by, at, note, id)
            .update() == 1;
    }

    Optional<UnauthorizedChange> find(long id) {
        return jdbc.sql(SELECT + "WHERE u.id = ?").param(id).query(UnauthorizedChangeRepository::row).optional();
    }

    private static UnauthorizedChange row(ResultSet rs, int n) throws SQLException {
        return new UnauthorizedChange(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class), rs.getString(9),
                rs.getString(10), rs.getObject(11, OffsetDateTime.class), rs.getString(12));
    }

}
