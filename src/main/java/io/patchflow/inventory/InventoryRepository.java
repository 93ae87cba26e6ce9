package io.patchflow.inventory;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class InventoryRepository {

    private static final String WINDOW_COLUMNS = "id, customer_id, name, time_zone, recurrence, offset_days, start_time, duration_minutes";

    private static final String ASSET_COLUMNS = "id, customer_id, hostname, os_family, os_version, criticality, exposure, ring, "
            + "maintenance_window_id, environment, downtime_tolerance, os_end_of_life, owner_group, backup_profile";

    private final JdbcClient jdbc;

    InventoryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Asset> assets(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + ASSET_COLUMNS + " FROM asset WHERE id IN (:ids) ORDER BY ring, hostname")
            .param("ids", ids)
            .query(InventoryRepository::asset)
            .list();
    }

    Optional<Asset> asset(long id) {
        return jdbc.sql("SELECT " + ASSET_COLUMNS + " FROM asset WHERE id = ?")
            .param(id)
            .query(InventoryRepository::asset)
            .optional();
    }

    Optional<Asset> assetByHostname(String customerId, String hostname) {
        return jdbc.sql("SELECT " + ASSET_COLUMNS + " FROM asset WHERE customer_id = ? AND hostname = ?")
            .params(customerId, hostname)
            .query(InventoryRepository::asset)
            .optional();
    }

    /**
     * The customers whose inventory holds an asset with this hostname, in any case (DNS
     * names are case-insensitive).
     */
    List<String> customersWithHostname(String hostname) {
        return jdbc.sql("SELECT DISTINCT customer_id FROM asset WHERE LOWER(hostname) = LOWER(?) ORDER BY customer_id")
            .param(hostname)
            .query(String.class)
            .list();
    }

    List<String> hostnamesOfCustomer(String customerId) {
        return jdbc.sql("SELECT hostname FROM asset WHERE customer_id = ? ORDER BY hostname")
            .param(customerId)
            .query(String.class)
            .list();
    }

    List<Asset> assetsOfCustomer(String customerId, int offset, int limit) {
        return jdbc
            .sql("SELECT " + ASSET_COLUMNS
                    + " FROM asset WHERE customer_id = ? ORDER BY ring, hostname OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")
            .params(customerId, offset, limit)
            .query(InventoryRepository::asset)
            .list();
    }

    long countAssetsOfCustomer(String customerId) {
        return jdbc.sql("SELECT COUNT(*) FROM asset WHERE customer_id = ?")
            .param(customerId)
            .query(Long.class)
            .single();
    }

    long createAsset(String customerId, String hostname, String osFamily, String osVersion, Criticality criticality,
            Exposure exposure, int ring, Long windowId) {
        return save(new AssetSpec(customerId, hostname, osFamily, osVersion, null, criticality, exposure,
                Environment.PRODUCTION, ring, DowntimeTolerance.LOW, null, windowId, null, Set.of()))
            .id();
    }

    /**
     * Creates the asset, or updates the one with the same hostname in the same customer;
     * tags are replaced.
     */
    Saved save(AssetSpec spec) {
        Optional<Long> existing = jdbc.sql("SELECT id FROM asset WHERE customer_id = ? AND hostname = ?")
            .params(spec.customerId(), spec.hostname())
            .query(Long.class)
            .optional();
        long id;
        if (existing.isPresent()) {
            id = existing.get();
            jdbc.sql(
                    "UPDATE asset SET os_family = ?, os_version = ?, os_end_of_life = ?, criticality = ?, exposure = ?, "
                            + "environment = ?, ring = ?, downtime_tolerance = ?, owner_group = ?, maintenance_window_id = ?, "
                            + "backup_profile = ? WHERE id = ?")
                .params(spec.osFamily(), spec.osVersion(), date(spec.osEndOfLife()), spec.criticality().name(),
                        spec.exposure().name(), spec.environment().name(), spec.ring(), spec.downtimeTolerance().name(),
                        spec.ownerGroup(), spec.maintenanceWindowId(), spec.backupProfile(), id)
                .update();
            jdbc.sql("DELETE FROM asset_tag WHERE asset_id = ?").param(id).update();
        }
        else {
            KeyHolder keys = new GeneratedKeyHolder();
            jdbc.sql(
                    "INSERT INTO asset(customer_id, hostname, os_family, os_version, os_end_of_life, criticality, exposure, "
                            + "environment, ring, downtime_tolerance, owner_group, maintenance_window_id, backup_profile) "
                            + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")
                .params(spec.customerId(), spec.hostname(), spec.osFamily(), spec.osVersion(), date(spec.osEndOfLife()),
                        spec.criticality().name(), spec.exposure().name(), spec.environment().name(), spec.ring(),
                        spec.downtimeTolerance().name(), spec.ownerGroup(), spec.maintenanceWindowId(),
                        spec.backupProfile())
                .update(keys, "id");
            id = keys.getKey().longValue();
        }
        for (String tag : spec.tags()) {
            jdbc.sql("INSERT INTO asset_tag(asset_id, tag) VALUES (?,?)").params(id, tag).update();
        }
        return new Saved(id, existing.isEmpty());
    }

    /**
     * The installed version of each of these packages on each of these assets, as their
     * agents last reported; an asset or package missing from the answer has no such
     * package installed (or no agent).
     */
    Map<Long, Map<String, String>> installedVersions(Collection<Long> assetIds, Collection<String> packageNames) {
        Map<Long, Map<String, String>> installed = new HashMap<>();
        if (assetIds.isEmpty() || packageNames.isEmpty()) {
            return installed;
        }
        List<Long> ids = List.copyOf(assetIds);
        for (int from = 0; from < ids.size(); from += 1000) {
            jdbc.sql("SELECT asset_id, package_name, installed_version FROM asset_package WHERE asset_id IN (:ids) "
                    + "AND package_name IN (:names) AND installed_version IS NOT NULL")
                .param("ids", ids.subList(from, Math.min(ids.size(), from + 1000)))
                .param("names", packageNames)
                .query(rs -> {
                    installed.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
                        .put(rs.getString(2), rs.getString(3));
                });
        }
        return installed;
    }

    Map<Long, List<String>> tags(Collection<Long> assetIds) {
        Map<Long, List<String>> tags = new HashMap<>();
        if (assetIds.isEmpty()) {
            return tags;
        }
        jdbc.sql("SELECT asset_id, tag FROM asset_tag WHERE asset_id IN (:ids) ORDER BY tag")
            .param("ids", assetIds)
            .query(rs -> {
                tags.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
            });
        return tags;
    }

    Map<String, Long> windowIdsByName(String customerId) {
        Map<String, Long> windows = new HashMap<>();
        jdbc.sql("SELECT name, id FROM maintenance_window WHERE customer_id = ?").param(customerId).query(rs -> {
            windows.put(rs.getString(1), rs.getLong(2));
        });
        return windows;
    }

    List<MaintenanceWindow> windows(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + WINDOW_COLUMNS + " FROM maintenance_window WHERE id IN (:ids)")
            .param("ids", ids)
            .query(InventoryRepository::window)
            .list();
    }

    List<MaintenanceWindow> windowsOfCustomer(String customerId) {
        return jdbc.sql("SELECT " + WINDOW_COLUMNS + " FROM maintenance_window WHERE customer_id = ? ORDER BY name")
            .param(customerId)
            .query(InventoryRepository::window)
            .list();
    }

    /** A weekly window; see {@link #createWindow(MaintenanceWindow)}. */
    long createWindow(String customerId, String name, ZoneId zone, Collection<DayOfWeek> days, LocalTime start,
            Duration length) {
        return createWindow(MaintenanceWindow.weekly(0, customerId, name, zone, Set.copyOf(days), start, length));
    }

    /** Stores a window; the record has already checked its rule, zone and length. */
    long createWindow(MaintenanceWindow window) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql(
                "INSERT INTO maintenance_window(customer_id, name, time_zone, recurrence, offset_days, start_time, duration_minutes) "
                        + "VALUES (?,?,?,?,?,?,?)")
            .params(window.customerId(), window.name(), window.zone().getId(), window.recurrence(), window.offsetDays(),
                    window.start().toString(), (int) window.length().toMinutes())
            .update(keys, "id");
        return keys.getKey().longValue();
    }

    /**
     * The distinct maintenance windows of the given assets; an asset without a window is
     * always open.
     */
    List<MaintenanceWindow> windowsOfAssets(Collection<Long> assetIds) {
        if (assetIds.isEmpty()) {
            return List.of();
        }
        List<Long> windowIds = jdbc
            .sql("SELECT DISTINCT maintenance_window_id FROM asset WHERE id IN (:ids) "
                    + "AND maintenance_window_id IS NOT NULL")
            .param("ids", assetIds)
            .query(Long.class)
            .list();
        return windows(windowIds);
    }

    private static Asset asset(ResultSet rs, int n) throws SQLException {
        long window = rs.getLong(9);
        Long windowId = rs.wasNull() ? null : window;
        Date eol = rs.getDate(12);
        return new Asset(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Criticality.valueOf(rs.getString(6)), Exposure.valueOf(rs.getString(7)), rs.getInt(8), windowId,
                Environment.valueOf(rs.getString(10)), DowntimeTolerance.valueOf(rs.getString(11)),
                eol == null ? null : eol.toLocalDate(), rs.getString(13), rs.getString(14));
    }

    private static Date date(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }

    private static MaintenanceWindow window(ResultSet rs, int n) throws SQLException {
        return new MaintenanceWindow(rs.getLong(1), rs.getString(2), rs.getString(3), ZoneId.of(rs.getString(4)),
                rs.getString(5), rs.getInt(6), LocalTime.parse(rs.getString(7)), Duration.ofMinutes(rs.getInt(8)));
    }

}
