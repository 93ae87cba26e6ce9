package io.patchflow.inventory;

import java.time.LocalDate;
import java.util.Set;

/**
 * What the inventory records about an asset; created or updated by (customer, hostname).
 */
public record AssetSpec(String customerId, String hostname, String osFamily, String osVersion, LocalDate osEndOfLife,
        Criticality criticality, Exposure exposure, Environment environment, int ring,
        DowntimeTolerance downtimeTolerance, String ownerGroup, Long maintenanceWindowId, String backupProfile,
        Set<String> tags) {

    public AssetSpec {
        tags = Set.copyOf(tags);
    }
}
