package io.patchflow.inventory;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What agents last reported about their assets: {@code asset_package},
 * {@code asset_pending_patch} (with the flag on an update still reported pending after a
 * change installed it) and the asset's report columns.
 */
@Repository
class AssetFactsRepository {

    private static final int BATCH = 1000;

    private final JdbcClient jdbc;

    private final JdbcTemplate template;

    AssetFactsRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    record Previous(String customerId, OffsetDateTime reportedAt) {
    }

    /** Locks the asset against a concurrent report and says when it last reported. */
    Previous lockForReport(long assetId) {
        return jdbc.sql("SELECT customer_id, facts_reported_at FROM asset WHERE id = ? FOR UPDATE")
            .param(assetId)
            .query((rs, n) -> new Previous(rs.getString(1), rs.getObject(2, OffsetDateTime.class)))
            .single();
    }

    /** Package name to installed version, as last reported. */
    Map<String, String> installedVersions(long assetId) {
        Map<String, String> installed = new HashMap<>();
        jdbc.sql(
                "SELECT package_name, installed_version FROM asset_package WHERE asset_id = ? AND installed_version IS NOT NULL")
            .param(assetId)
            .query(rs -> {
                installed.put(rs.getString(1), rs.getString(2));
            });
        return installed;
    }

    /** Records the report's time and facts and drops the previous package list. */
    void setReported(long assetId, boolean rebootRequired, String os, OffsetDateTime now) {
        jdbc.sql("UPDATE asset SET reboot_required = ?, reported_os = ?, facts_reported_at = ? WHERE id = ?")
            .params(rebootRequired, os, now, assetId)
            .update();
        jdbc.sql("DELETE FROM asset_package WHERE asset_id = ?").param(assetId).update();
    }

    /** Rows of (asset id, package, installed, candidate, reported at). */
    void replacePackages(long assetId, List<Object[]> rows) {
        for (int from = 0; from < rows.size(); from += BATCH) {
            template.batchUpdate(
                    "INSERT INTO asset_package(asset_id, package_name, installed_version, candidate_version, reported_at) "
                            + "VALUES (?,?,?,?,?)",
                    rows.subList(from, Math.min(rows.size(), from + BATCH)));
        }
    }

    List<Long> pendingPatchIds(long assetId) {
        return jdbc.sql("SELECT patch_id FROM asset_pending_patch WHERE asset_id = ?")
            .param(assetId)
            .query(Long.class)
            .list();
    }

    /**
     * {@code gone}: rows of (asset id, patch id); {@code added}: rows of (asset id, patch
     * id, first seen at).
     */
    void updatePendingPatches(List<Object[]> gone, List<Object[]> added) {
        if (!gone.isEmpty()) {
            template.batchUpdate("DELETE FROM asset_pending_patch WHERE asset_id = ? AND patch_id = ?", gone);
        }
        if (!added.isEmpty()) {
            template.batchUpdate("INSERT INTO asset_pending_patch(asset_id, patch_id, first_seen_at) VALUES (?,?,?)",
                    added);
        }
    }

    /** The customer's pending updates flagged as still pending after their install. */
    List<InventoryFacts.StillPending> stillPending(String customerId) {
        return jdbc
            .sql("SELECT app.asset_id, app.patch_id, app.still_pending_after_change FROM asset_pending_patch app "
                    + "JOIN asset a ON a.id = app.asset_id WHERE a.customer_id = ? AND app.flagged_at IS NOT NULL")
            .param(customerId)
            .query((rs, n) -> new InventoryFacts.StillPending(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
            .list();
    }

    /**
     * @return false if the agent no longer reports it pending, or it was flagged already
     */
    boolean flagStillPending(InventoryFacts.StillPending update, OffsetDateTime now) {
        return jdbc
            .sql("UPDATE asset_pending_patch SET still_pending_after_change = ?, flagged_at = ? "
                    + "WHERE asset_id = ? AND patch_id = ? AND flagged_at IS NULL")
            .params(update.changeId(), now, update.assetId(), update.patchId())
            .update() == 1;
    }

    void unflagStillPending(InventoryFacts.StillPending update) {
        jdbc.sql("UPDATE asset_pending_patch SET still_pending_after_change = NULL, flagged_at = NULL "
                + "WHERE asset_id = ? AND patch_id = ?")
            .params(update.assetId(), update.patchId())
            .update();
    }

    Map<Long, String> hostnames(java.util.Collection<Long> assetIds) {
        Map<Long, String> names = new HashMap<>();
        if (!assetIds.isEmpty()) {
            jdbc.sql("SELECT id, hostname FROM asset WHERE id IN (:ids)").param("ids", assetIds).query(rs -> {
                names.put(rs.getLong(1), rs.getString(2));
            });
        }
        return names;
    }

}
