package io.patchflow.inventory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.patch.PatchRepository;

/**
 * Merges what agents report into the inventory: the asset's package list is replaced as a whole
 * (an agent reports everything it sees), and every pending update becomes a catalog patch.
 */
@Service
public class InventoryFacts {

    private static final int BATCH = 1000;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final PatchRepository patches;
    private final UnauthorizedChanges unauthorized;

    InventoryFacts(JdbcClient jdbc, JdbcTemplate template, PatchRepository patches, UnauthorizedChanges unauthorized) {
        this.jdbc = jdbc;
        this.template = template;
        this.patches = patches;
        this.unauthorized = unauthorized;
    }

    /** @return how many patches were new to the catalog */
    @Transactional
    public int report(long assetId, ReportedFacts facts) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        record Previous(String customerId, OffsetDateTime reportedAt) { }
        Previous previous = jdbc.sql("SELECT customer_id, facts_reported_at FROM asset WHERE id = ? FOR UPDATE").param(assetId)
                .query((rs, n) -> new Previous(rs.getString(1), rs.getObject(2, OffsetDateTime.class))).single();
        java.util.Map<String, String> before = new java.util.HashMap<>();
        jdbc.sql("SELECT package_name, installed_version FROM asset_package WHERE asset_id = ? AND installed_version IS NOT NULL")
                .param(assetId).query(rs -> {
                    before.put(rs.getString(1), rs.getString(2));
                });
        java.util.Map<String, String> after = new java.util.HashMap<>();
        facts.packages().stream().filter(p -> p.installed() != null).forEach(p -> after.put(p.name(), p.installed()));
        unauthorized.detect(assetId, previous.customerId(), before, after, previous.reportedAt(), now);
        jdbc.sql("UPDATE asset SET reboot_required = ?, reported_os = ?, facts_reported_at = ? WHERE id = ?")
                .params(facts.rebootRequired(), facts.os(), now, assetId).update();
        jdbc.sql("DELETE FROM asset_package WHERE asset_id = ?").param(assetId).update();
        List<Object[]> rows = new ArrayList<>(facts.packages().size());
        List<PatchRepository.PendingUpdate> pending = new ArrayList<>();
        for (ReportedFacts.ReportedPackage p : facts.packages()) {
            rows.add(new Object[] {assetId, p.name(), p.installed(), p.candidate(), now});
            if (p.candidate() != null) {
                pending.add(new PatchRepository.PendingUpdate(p.name(), p.candidate()));
            }
        }
        for (int from = 0; from < rows.size(); from += BATCH) {
            template.batchUpdate("INSERT INTO asset_package(asset_id, package_name, installed_version, candidate_version, reported_at) "
                    + "VALUES (?,?,?,?,?)", rows.subList(from, Math.min(rows.size(), from + BATCH)));
        }
        int created = patches.ensurePendingUpdates(facts.vendor(), pending);
        rememberPendingPatches(assetId, facts.vendor(), pending, now);
        return created;
    }

    /**
     * Keeps {@code asset_pending_patch} equal to what the agent reports now, without touching the
     * rows that stay: their first_seen_at is when the SLA clock of a proposed change starts.
     */
    private void rememberPendingPatches(long assetId, String vendor, List<PatchRepository.PendingUpdate> pending, OffsetDateTime now) {
        java.util.Set<Long> current = new java.util.HashSet<>(patches.idsByVendorId(pending.stream()
                .map(u -> PatchRepository.vendorId(vendor, u.packageName(), u.version())).toList()).values());
        java.util.Set<Long> known = new java.util.HashSet<>(jdbc.sql("SELECT patch_id FROM asset_pending_patch WHERE asset_id = ?")
                .param(assetId).query(Long.class).list());
        List<Object[]> gone = known.stream().filter(id -> !current.contains(id)).map(id -> new Object[] {assetId, id}).toList();
        List<Object[]> added = current.stream().filter(id -> !known.contains(id)).map(id -> new Object[] {assetId, id, now}).toList();
        if (!gone.isEmpty()) {
            template.batchUpdate("DELETE FROM asset_pending_patch WHERE asset_id = ? AND patch_id = ?", gone);
        }
        if (!added.isEmpty()) {
            template.batchUpdate("INSERT INTO asset_pending_patch(asset_id, patch_id, first_seen_at) VALUES (?,?,?)", added);
        }
    }

    /** An agent whose hostname is not in the inventory keeps what it says about itself. */
    @Transactional
    public void reportUnknown(String agentId, ReportedFacts facts) {
        jdbc.sql("UPDATE agent SET reported_os = ? WHERE id = ?").params(facts.os(), agentId).update();
    }
}
