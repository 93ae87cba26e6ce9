package io.patchflow.inventory;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

/**
 * The inventory as the other features see it: assets, what is installed on them, their
 * tags and their maintenance windows. No checks of who asks; callers decide that.
 */
@Service
public class Inventory {

    private final InventoryRepository inventory;

    Inventory(InventoryRepository inventory) {
        this.inventory = inventory;
    }

    /** The assets with these ids that exist, of any customer. */
    public List<Asset> assets(Collection<Long> ids) {
        return inventory.assets(ids);
    }

    public Optional<Asset> asset(long id) {
        return inventory.asset(id);
    }

    public Optional<Asset> assetByHostname(String customerId, String hostname) {
        return inventory.assetByHostname(customerId, hostname);
    }

    /**
     * The customers that have an asset of this name (an agent enrolling names only its
     * host).
     */
    public List<String> customersWithHostname(String hostname) {
        return inventory.customersWithHostname(hostname);
    }

    /** Every host name of the customer's assets, in order. */
    public List<String> hostnamesOfCustomer(String customerId) {
        return inventory.hostnamesOfCustomer(customerId);
    }

    public List<Asset> assetsOfCustomer(String customerId, int offset, int limit) {
        return inventory.assetsOfCustomer(customerId, offset, limit);
    }

    public long countAssetsOfCustomer(String customerId) {
        return inventory.countAssetsOfCustomer(customerId);
    }

    /**
     * A production asset with a low downtime tolerance and no tags; for set-up code and
     * tests.
     */
    public long createAsset(String customerId, String hostname, String osFamily, String osVersion,
            Criticality criticality, Exposure exposure, int ring, Long windowId) {
        return inventory.createAsset(customerId, hostname, osFamily, osVersion, criticality, exposure, ring, windowId);
    }

    /**
     * Creates the asset, or updates the one with the same hostname in the same customer;
     * tags are replaced.
     */
    public Saved save(AssetSpec spec) {
        return inventory.save(spec);
    }

    /**
     * The installed version of each of these packages on each of these assets, as their
     * agents last reported.
     */
    public Map<Long, Map<String, String>> installedVersions(Collection<Long> assetIds,
            Collection<String> packageNames) {
        return inventory.installedVersions(assetIds, packageNames);
    }

    public Map<Long, List<String>> tags(Collection<Long> assetIds) {
        return inventory.tags(assetIds);
    }

    public Map<String, Long> windowIdsByName(String customerId) {
        return inventory.windowIdsByName(customerId);
    }

    public List<MaintenanceWindow> windows(Collection<Long> ids) {
        return inventory.windows(ids);
    }

    public List<MaintenanceWindow> windowsOfCustomer(String customerId) {
        return inventory.windowsOfCustomer(customerId);
    }

    /**
     * The distinct maintenance windows of the given assets; an asset without a window is
     * always open.
     */
    public List<MaintenanceWindow> windowsOfAssets(Collection<Long> assetIds) {
        return inventory.windowsOfAssets(assetIds);
    }

    /**
     * A weekly window; for set-up code and tests (people use {@link MaintenanceWindows}).
     */
    public long createWindow(String customerId, String name, ZoneId zone, Collection<DayOfWeek> days, LocalTime start,
            Duration length) {
        return inventory.createWindow(customerId, name, zone, days, start, length);
    }

    /** Stores a window; the record has already checked its rule, zone and length. */
    public long createWindow(MaintenanceWindow window) {
        return inventory.createWindow(window);
    }

}
