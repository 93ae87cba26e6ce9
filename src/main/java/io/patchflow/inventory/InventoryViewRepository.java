package io.patchflow.inventory;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.patchflow.shared.Page;

/**
 * The inventory with its flags, computed by the database so that a filter (only shadow
 * assets, say) still pages correctly. Reads (never writes) the agent API's {@code agent}
 * table for the agent flags, and the patch catalog's {@code patch} for the names of
 * updates still pending after their install.
 */
@Repository
class InventoryViewRepository {

    private static final String AGENT = "agent g WHERE g.asset_id = a.id AND g.revoked_at IS NULL";

    private static final String STILL_PENDING = "asset_pending_patch app WHERE app.asset_id = a.id AND app.flagged_at IS NOT NULL";

    private static final String SELECT = "SELECT a.id, " + "(SELECT COUNT(*) FROM " + AGENT + "), "
            + "(SELECT COUNT(*) FROM " + AGENT + " AND g.simulated), " + "(SELECT MAX(g.last_seen_at) FROM " + AGENT
            + "), " + "a.facts_reported_at, a.reported_os, a.reboot_required, "
            + "(SELECT COUNT(*) FROM asset_package p WHERE p.asset_id = a.id AND p.candidate_version IS NOT NULL) "
            + "FROM asset a WHERE a.customer_id = :customer";

    private final JdbcClient jdbc;

    private final InventoryRepository inventory;

    private final InventorySettings settings;

    private final Clock clock;

    InventoryViewRepository(JdbcClient jdbc, InventoryRepository inventory, InventorySettings settings) {
        this.jdbc = jdbc;
        this.inventory = inventory;
        this.settings = settings;
        this.clock = Clock.systemUTC();
    }

    Page<InventoryItem> items(String customerId, InventoryFlag only, int page, int size) {
        OffsetDateTime staleBefore = OffsetDateTime.now(clock).minus(settings.staleAfter());
        LocalDate today = LocalDate.now(clock);
        String filter = only == null ? "" : switch (only) {
            case NO_AGENT -> " AND NOT EXISTS (SELECT 1 FROM " + AGENT + ")";
            case NOT_SEEN -> " AND EXISTS (SELECT 1 FROM " + AGENT + ") AND NOT EXISTS (SELECT 1 FROM " + AGENT
                    + " AND g.last_seen_at >= :staleBefore)";
            case END_OF_LIFE -> " AND a.os_end_of_life < :today";
            case REBOOT_REQUIRED -> " AND a.reboot_required";
            case UPDATE_STILL_PENDING -> " AND EXISTS (SELECT 1 FROM " + STILL_PENDING + ")";
        };
        Map<String, Object> params = new HashMap<>(
                Map.of("customer", customerId, "staleBefore", staleBefore, "today", Date.valueOf(today)));
        long total = jdbc.sql("SELECT COUNT(*) FROM asset a WHERE a.customer_id = :customer" + filter)
            .params(params)
            .query(Long.class)
            .single();
        params.put("offset", page * size);
        params.put("limit", size);
        record Row(long id, int agents, int simulated, OffsetDateTime lastSeen, OffsetDateTime reported, String os,
                boolean reboot, int pending) {
        }
        List<Row> rows = jdbc
            .sql(SELECT + filter + " ORDER BY a.ring, a.hostname OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY")
            .params(params)
            .query((rs, n) -> new Row(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getObject(4, OffsetDateTime.class),
                    rs.getObject(5, OffsetDateTime.class), rs.getString(6), rs.getBoolean(7), rs.getInt(8)))
            .list();
        List<Long> ids = rows.stream().map(Row::id).toList();
        Map<Long, Asset> assets = new HashMap<>();
        inventory.assets(ids).forEach(a -> assets.put(a.id(), a));
        Map<Long, List<String>> tags = inventory.tags(ids);
        Map<Long, List<InventoryItem.StillPendingUpdate>> stillPending = stillPending(ids);
        List<InventoryItem> items = rows.stream().map(r -> {
            Asset asset = assets.get(r.id());
            Set<InventoryFlag> flags = EnumSet.noneOf(InventoryFlag.class);
            if (r.agents() == 0) {
                flags.add(InventoryFlag.NO_AGENT);
            }
            else if (r.lastSeen() == null || r.lastSeen().isBefore(staleBefore)) {
                flags.add(InventoryFlag.NOT_SEEN);
            }
            if (asset.endOfLife(today)) {
                flags.add(InventoryFlag.END_OF_LIFE);
            }
            if (r.reboot()) {
                flags.add(InventoryFlag.REBOOT_REQUIRED);
            }
            List<InventoryItem.StillPendingUpdate> still = stillPending.getOrDefault(r.id(), List.of());
            if (!still.isEmpty()) {
                flags.add(InventoryFlag.UPDATE_STILL_PENDING);
            }
            return new InventoryItem(asset, tags.getOrDefault(r.id(), List.of()), r.agents(), r.simulated() > 0,
                    r.lastSeen(), r.reported(), r.os(), r.pending(), flags, still);
        }).toList();
        return new Page<>(items, page, size, total);
    }

    private Map<Long, List<InventoryItem.StillPendingUpdate>> stillPending(List<Long> assetIds) {
        Map<Long, List<InventoryItem.StillPendingUpdate>> updates = new HashMap<>();
        if (assetIds.isEmpty()) {
            return updates;
        }
        jdbc.sql("SELECT app.asset_id, app.patch_id, pt.vendor_id, app.still_pending_after_change, app.flagged_at "
                + "FROM asset_pending_patch app JOIN patch pt ON pt.id = app.patch_id "
                + "WHERE app.asset_id IN (:ids) AND app.flagged_at IS NOT NULL ORDER BY pt.vendor_id")
            .param("ids", assetIds)
            .query(rs -> {
                updates.computeIfAbsent(rs.getLong(1), k -> new java.util.ArrayList<>())
                    .add(new InventoryItem.StillPendingUpdate(rs.getLong(2), rs.getString(3), rs.getLong(4),
                            rs.getObject(5, OffsetDateTime.class)));
            });
        return updates;
    }

    List<UnknownAgent> unknownAgents(String customerId) {
        return jdbc
            .sql("SELECT id, hostname, reported_os, simulated, enrolled_at, last_seen_at FROM agent "
                    + "WHERE customer_id = ? AND asset_id IS NULL AND revoked_at IS NULL ORDER BY hostname")
            .param(customerId)
            .query((rs, n) -> new UnknownAgent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                    rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class)))
            .list();
    }

    public record PackageRow(String name, String installed, String candidate, OffsetDateTime reportedAt) {
    }

    List<PackageRow> packages(long assetId, boolean pendingOnly) {
        return jdbc
            .sql("SELECT package_name, installed_version, candidate_version, reported_at FROM asset_package "
                    + "WHERE asset_id = ?" + (pendingOnly ? " AND candidate_version IS NOT NULL" : "")
                    + " ORDER BY package_name")
            .param(assetId)
            .query((rs, n) -> new PackageRow(rs.getString(1), rs.getString(2), rs.getString(3),
                    rs.getObject(4, OffsetDateTime.class)))
            .list();
    }

}
