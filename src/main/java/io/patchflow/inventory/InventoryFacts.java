package io.patchflow.inventory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.patch.Patch;
import io.patchflow.patch.PatchCatalog;
import io.patchflow.patch.PendingUpdate;
import io.patchflow.security.Actor;

/**
 * Merges what agents report into the inventory: the asset's package list is replaced as a
 * whole (an agent reports everything it sees), and every pending update becomes a catalog
 * patch.
 */
@Service
public class InventoryFacts {

    private final AssetFactsRepository assets;

    private final PatchCatalog patches;

    private final UnauthorizedChanges unauthorized;

    private final AuditTrail audit;

    InventoryFacts(AssetFactsRepository assets, PatchCatalog patches, UnauthorizedChanges unauthorized,
            AuditTrail audit) {
        this.assets = assets;
        this.patches = patches;
        this.unauthorized = unauthorized;
        this.audit = audit;
    }

    /**
     * An update an agent still reports pending on its asset although the last closed
     * change that held it there installed it.
     */
    public record StillPending(long assetId, long patchId, long changeId) {
    }

    /**
     * @return how many patches were new to the catalog
     */
    @Transactional
    public int report(long assetId, ReportedFacts facts) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        AssetFactsRepository.Previous previous = assets.lockForReport(assetId);
        java.util.Map<String, String> before = assets.installedVersions(assetId);
        java.util.Map<String, String> after = new java.util.HashMap<>();
        facts.packages().stream().filter(p -> p.installed() != null).forEach(p -> after.put(p.name(), p.installed()));
        unauthorized.detect(assetId, previous.customerId(), before, after, previous.reportedAt(), now);
        assets.setReported(assetId, facts.rebootRequired(), facts.os(), now);
        List<Object[]> rows = new ArrayList<>(facts.packages().size());
        List<PendingUpdate> pending = new ArrayList<>();
        for (ReportedFacts.ReportedPackage p : facts.packages()) {
            rows.add(new Object[] { assetId, p.name(), p.installed(), p.candidate(), now });
            if (p.candidate() != null) {
                pending.add(new PendingUpdate(p.name(), p.candidate()));
            }
        }
        assets.replacePackages(assetId, rows);
        int created = patches.ensurePendingUpdates(facts.vendor(), pending);
        rememberPendingPatches(assetId, facts.vendor(), pending, now);
        return created;
    }

    /**
     * Keeps {@code asset_pending_patch} equal to what the agent reports now, without
     * touching the rows that stay: their first_seen_at is when the SLA clock of a
     * proposed change starts.
     */
    private void rememberPendingPatches(long assetId, String vendor, List<PendingUpdate> pending, OffsetDateTime now) {
        java.util.Set<Long> current = new java.util.HashSet<>(patches
            .idsByVendorId(
                    pending.stream().map(u -> PatchCatalog.vendorId(vendor, u.packageName(), u.version())).toList())
            .values());
        java.util.Set<Long> known = new java.util.HashSet<>(assets.pendingPatchIds(assetId));
        List<Object[]> gone = known.stream()
            .filter(id -> !current.contains(id))
            .map(id -> new Object[] { assetId, id })
            .toList();
        List<Object[]> added = current.stream()
            .filter(id -> !known.contains(id))
            .map(id -> new Object[] { assetId, id, now })
            .toList();
        assets.updatePendingPatches(gone, added);
    }

    /**
     * Flags the customer's updates that are still reported pending after a change
     * installed them ({@link InventoryFlag#UPDATE_STILL_PENDING}), as the proposal run
     * finds them: it knows the changes, the inventory does not. Each is recorded on that
     * change's audit trail when it is first flagged, not at every run or report. A flag
     * that no longer holds (a newer change holds the update, say) is taken off; an update
     * the agent stops reporting goes with its flag.
     * @param now every such update of the customer now
     * @return how many were flagged now that were not before
     */
    @Transactional
    public int markStillPending(String customerId, Collection<StillPending> now) {
        Set<StillPending> current = new HashSet<>(now);
        assets.stillPending(customerId)
            .stream()
            .filter(flag -> !current.contains(flag))
            .forEach(assets::unflagStillPending);
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
        List<StillPending> flagged = current.stream().filter(u -> assets.flagStillPending(u, at)).toList();
        if (flagged.isEmpty()) {
            return 0;
        }
        Map<Long, String> hosts = assets.hostnames(flagged.stream().map(StillPending::assetId).toList());
        Map<Long, String> names = patches.find(flagged.stream().map(StillPending::patchId).distinct().toList())
            .stream()
            .collect(Collectors.toMap(Patch::id, Patch::vendorId));
        Map<Long, List<StillPending>> byChange = new TreeMap<>(
                flagged.stream().collect(Collectors.groupingBy(StillPending::changeId)));
        byChange.forEach((change, updates) -> audit
            .record(customerId, change, Actor.SYSTEM_NAME, "UPDATE_STILL_PENDING", updates.stream()
                .map(u -> hosts.get(u.assetId()) + " " + names.get(u.patchId()))
                .sorted()
                .collect(Collectors.joining(", ")) + ": still reported pending after CHG-" + change
                    + " installed it; not proposed again until a person looks (inventory flag UPDATE_STILL_PENDING)"));
        return flagged.size();
    }

}
