package io.patchflow.inventory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

@Repository
public class InventoryRepository {

    private static final String ASSET_COLUMNS =
            "id, customer_id, hostname, os_family, os_version, criticality, exposure, ring, maintenance_window_id";

    private final JdbcClient jdbc;

    public InventoryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Asset> assets(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + ASSET_COLUMNS + " FROM asset WHERE id IN (:ids) ORDER BY ring, hostname")
                .param("ids", ids).query(InventoryRepository::asset).list();
    }

    public Optional<Asset> asset(long id) {
        return jdbc.sql("SELECT " + ASSET_COLUMNS + " FROM asset WHERE id = ?").param(id)
                .query(InventoryRepository::asset).optional();
    }

    public Optional<Asset> assetByHostname(String customerId, String hostname) {
        return jdbc.sql("SELECT " + ASSET_COLUMNS + " FROM asset WHERE customer_id = ? AND hostname = ?")
                .params(customerId, hostname).query(InventoryRepository::asset).optional();
    }

    public List<Asset> assetsOfCustomer(String customerId, int offset, int limit) {
        return jdbc.sql("SELECT " + ASSET_COLUMNS + " FROM asset WHERE customer_id = ? ORDER BY ring, hostname OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")
                .params(customerId, offset, limit).query(InventoryRepository::asset).list();
    }

    public long countAssetsOfCustomer(String customerId) {
        return jdbc.sql("SELECT COUNT(*) FROM asset WHERE customer_id = ?").param(customerId).query(Long.class).single();
    }

    public long createAsset(String customerId, String hostname, String osFamily, String osVersion,
                            Criticality criticality, Exposure exposure, int ring, Long windowId) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO asset(customer_id, hostname, os_family, os_version, criticality, exposure, ring, maintenance_window_id) "
                        + "VALUES (?,?,?,?,?,?,?,?)")
                .params(customerId, hostname, osFamily, osVersion, criticality.name(), exposure.name(), ring, windowId)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public List<MaintenanceWindow> windows(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT id, customer_id, name, time_zone, days_of_week, start_time, duration_minutes "
                        + "FROM maintenance_window WHERE id IN (:ids)")
                .param("ids", ids).query(InventoryRepository::window).list();
    }

    /** The distinct maintenance windows of the given assets; an asset without a window is always open. */
    public List<MaintenanceWindow> windowsOfAssets(Collection<Long> assetIds) {
        if (assetIds.isEmpty()) {
            return List.of();
        }
        List<Long> windowIds = jdbc.sql("SELECT DISTINCT maintenance_window_id FROM asset WHERE id IN (:ids) "
                        + "AND maintenance_window_id IS NOT NULL")
                .param("ids", assetIds).query(Long.class).list();
        return windows(windowIds);
    }

    public long createWindow(String customerId, String name, ZoneId zone, Collection<DayOfWeek> days, LocalTime start,
                             Duration length) {
        // Validate through the record before anything is written.
        new MaintenanceWindow(0, customerId, name, zone, java.util.Set.copyOf(days), start, length);
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO maintenance_window(customer_id, name, time_zone, days_of_week, start_time, duration_minutes) "
                        + "VALUES (?,?,?,?,?,?)")
                .params(customerId, name, zone.getId(),
                        days.stream().sorted().map(d -> d.name().substring(0, 3)).collect(Collectors.joining(",")),
                        start.toString(), (int) length.toMinutes())
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    private static Asset asset(ResultSet rs, int n) throws SQLException {
        long window = rs.getLong(9);
        return new Asset(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Criticality.valueOf(rs.getString(6)), Exposure.valueOf(rs.getString(7)), rs.getInt(8),
                rs.wasNull() ? null : window);
    }

    private static MaintenanceWindow window(ResultSet rs, int n) throws SQLException {
        return new MaintenanceWindow(rs.getLong(1), rs.getString(2), rs.getString(3), ZoneId.of(rs.getString(4)),
                Arrays.stream(rs.getString(5).split(",")).map(String::trim).map(InventoryRepository::day)
                        .collect(Collectors.toSet()),
                LocalTime.parse(rs.getString(6)), Duration.ofMinutes(rs.getInt(7)));
    }

    private static DayOfWeek day(String abbreviation) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().startsWith(abbreviation.toUpperCase())) {
                return day;
            }
        }
        throw new IllegalStateException("unknown day of week in maintenance window: " + abbreviation);
    }
}
