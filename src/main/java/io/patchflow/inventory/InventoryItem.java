package io.patchflow.inventory;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/**
 * One asset as the inventory page and API show it: its record, its agent's reports and
 * its flags.
 */
public record InventoryItem(Asset asset, List<String> tags, int agents, boolean simulatedAgent, OffsetDateTime lastSeen,
        OffsetDateTime factsReportedAt, String reportedOs, int pendingUpdates, Set<InventoryFlag> flags) {

    public InventoryItem {
        tags = List.copyOf(tags);
        flags = Set.copyOf(flags);
    }
}
