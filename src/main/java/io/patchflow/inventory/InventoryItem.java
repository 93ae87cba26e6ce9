package io.patchflow.inventory;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/**
 * One asset as the inventory page and API show it: its record, its agent's reports and
 * its flags.
 *
 * @param stillPending the updates behind {@link InventoryFlag#UPDATE_STILL_PENDING}
 */
public record InventoryItem(Asset asset, List<String> tags, int agents, boolean simulatedAgent, OffsetDateTime lastSeen,
        OffsetDateTime factsReportedAt, String reportedOs, int pendingUpdates, Set<InventoryFlag> flags,
        List<StillPendingUpdate> stillPending) {

    public InventoryItem {
        tags = List.copyOf(tags);
        flags = Set.copyOf(flags);
        stillPending = List.copyOf(stillPending);
    }

    /**
     * An update the agent still reports pending after change {@code changeId} installed
     * it.
     */
    public record StillPendingUpdate(long patchId, String vendorId, long changeId, OffsetDateTime flaggedAt) {
    }
}
