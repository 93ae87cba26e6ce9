package io.patchflow.inventory;

/**
 * A machine Patchflow may patch. {@code ring} orders deployment: ring 0 is the pilot ring.
 */
public record Asset(long id, String customerId, String hostname, String osFamily, String osVersion,
                    Criticality criticality, Exposure exposure, int ring, Long maintenanceWindowId) {

    public boolean isPilot() {
        return ring == 0;
    }
}
