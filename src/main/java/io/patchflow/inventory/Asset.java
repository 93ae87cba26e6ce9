package io.patchflow.inventory;

import java.time.LocalDate;

/**
 * A machine Patchflow may patch. {@code ring} orders deployment: ring 0 is the pilot
 * ring.
 */
public record Asset(long id, String customerId, String hostname, String osFamily, String osVersion,
        Criticality criticality, Exposure exposure, int ring, Long maintenanceWindowId, Environment environment,
        DowntimeTolerance downtimeTolerance, LocalDate osEndOfLife, String ownerGroup, String backupProfile) {

    public boolean isPilot() {
        return ring == 0;
    }

    public boolean endOfLife(LocalDate today) {
        return osEndOfLife != null && osEndOfLife.isBefore(today);
    }
}
