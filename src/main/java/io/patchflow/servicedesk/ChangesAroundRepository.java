package io.patchflow.servicedesk;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Installs on a customer's assets in a period: one row per change, asset and patch. An
 * install is in the period when the agent's first install job for that change and asset
 * was created in it.
 */
@Repository
class ChangesAroundRepository {

    private final JdbcClient jdbc;

    ChangesAroundRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Row(long changeId, String changeTitle, String status, String outcome, long assetId, String hostname,
            String state, String detail, OffsetDateTime installedAt, OffsetDateTime updatedAt, String packageName,
            String version) {
    }

    /** Newest install first; at most {@code limit} rows. */
    List<Row> installs(String customerId, OffsetDateTime from, OffsetDateTime to, int limit) {
        return jdbc.sql("""
                SELECT c.id, c.title, c.status, c.outcome, a.id, a.hostname, ca.state, ca.detail, i.started,
                       ca.updated_at, p.package_name, p.version
                FROM (SELECT j.change_id, j.asset_id, MIN(j.created_at) AS started FROM agent_job j
                      JOIN asset ja ON ja.id = j.asset_id AND ja.customer_id = :customer
                      WHERE j.job_type = 'INSTALL' AND j.created_at >= :from AND j.created_at < :to
                      GROUP BY j.change_id, j.asset_id) i
                JOIN change_asset ca ON ca.change_id = i.change_id AND ca.asset_id = i.asset_id
                JOIN change_request c ON c.id = ca.change_id
                JOIN asset a ON a.id = ca.asset_id
                JOIN change_patch cp ON cp.change_id = c.id
                JOIN patch p ON p.id = cp.patch_id
                WHERE c.customer_id = :customer AND a.customer_id = :customer
                ORDER BY i.started DESC, c.id DESC, a.hostname, cp.position
                FETCH FIRST :limit ROWS ONLY""")
            .param("customer", customerId)
            .param("from", from)
            .param("to", to)
            .param("limit", limit)
            .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                    rs.getString(6), rs.getString(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class),
                    rs.getObject(10, OffsetDateTime.class), rs.getString(11), rs.getString(12)))
            .list();
    }

}
