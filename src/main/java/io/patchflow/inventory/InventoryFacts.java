package io.patchflow.inventory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.patch.PatchCatalog;
import io.patchflow.patch.PendingUpdate;

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

    InventoryFacts(AssetFactsRepository assets, PatchCatalog patches, UnauthorizedChanges unauthorized) {
        this.assets = assets;
        this.patches = patches;
        this.unauthorized = unauthorized;
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

}
