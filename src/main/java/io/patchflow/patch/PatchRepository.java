package io.patchflow.patch;

import java.sql.Date;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
class PatchRepository {

    private static final String COLUMNS = "id, vendor, vendor_id, title, package_name, version, patch_type, reboot_required, released_on";

    private final JdbcClient jdbc;

    private final CatalogInsertRepository inserts;

    PatchRepository(JdbcClient jdbc, CatalogInsertRepository inserts) {
        this.jdbc = jdbc;
        this.inserts = inserts;
    }

    List<Patch> find(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return withCves(jdbc.sql("SELECT " + COLUMNS + " FROM patch WHERE id IN (:ids) ORDER BY id").param("ids", ids));
    }

    List<Patch> page(int offset, int limit) {
        return withCves(jdbc
            .sql("SELECT " + COLUMNS
                    + " FROM patch ORDER BY released_on DESC, id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")
            .params(offset, limit));
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM patch").query(Long.class).single();
    }

    @Transactional
    long create(Patch patch) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql(
                "INSERT INTO patch(vendor, vendor_id, title, package_name, version, patch_type, reboot_required, released_on) "
                        + "VALUES (?,?,?,?,?,?,?,?)")
            .params(patch.vendor(), patch.vendorId(), patch.title(), patch.packageName(), patch.version(),
                    patch.type().name(), patch.rebootRequired(),
                    patch.releasedOn() == null ? null : Date.valueOf(patch.releasedOn()))
            .update(keys, "id");
        long id = keys.getKey().longValue();
        for (Cve cve : patch.cves()) {
            jdbc.sql("INSERT INTO patch_cve(patch_id, cve_id, cvss_score, known_exploited) VALUES (?,?,?,?)")
                .params(id, cve.id(), cve.cvss(), cve.knownExploited())
                .update();
        }
        return id;
    }

    /**
     * Makes sure each pending update is in the catalog, as a maintenance patch until an
     * advisory says more. One query finds the known ones; only the new ones are inserted.
     * @return how many were new
     */
    @Transactional
    int ensurePendingUpdates(String vendor, List<PendingUpdate> updates) {
        if (updates.isEmpty()) {
            return 0;
        }
        Map<String, PendingUpdate> byId = new java.util.LinkedHashMap<>();
        for (PendingUpdate update : updates) {
            byId.put(vendorId(vendor, update.packageName(), update.version()), update);
        }
        List<String> ids = List.copyOf(byId.keySet());
        java.util.Set<String> known = new java.util.HashSet<>();
        for (int from = 0; from < ids.size(); from += 1000) {
            known.addAll(jdbc.sql("SELECT vendor_id FROM patch WHERE vendor_id IN (:ids)")
                .param("ids", ids.subList(from, Math.min(ids.size(), from + 1000)))
                .query(String.class)
                .list());
        }
        int created = 0;
        for (Map.Entry<String, PendingUpdate> entry : byId.entrySet()) {
            if (!known.contains(entry.getKey()) && inserts.insertIfAbsent(vendor, entry.getKey(),
                    entry.getValue().packageName(), entry.getValue().version())) {
                created++;
            }
        }
        return created;
    }

    /**
     * The catalog ids of these vendor ids (see {@link #vendorId}); unknown ones are left
     * out.
     */
    Map<String, Long> idsByVendorId(Collection<String> vendorIds) {
        List<String> all = List.copyOf(new java.util.LinkedHashSet<>(vendorIds));
        Map<String, Long> ids = new HashMap<>();
        for (int from = 0; from < all.size(); from += 1000) {
            jdbc.sql("SELECT vendor_id, id FROM patch WHERE vendor_id IN (:ids)")
                .param("ids", all.subList(from, Math.min(all.size(), from + 1000)))
                .query(rs -> {
                    ids.put(rs.getString(1), rs.getLong(2));
                });
        }
        return ids;
    }

    /** What advisories say about these patches: the relations they are the subject of. */
    List<PatchRelation> relationsOf(Collection<Long> patchIds) {
        if (patchIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(
                "SELECT patch_id, related_patch_id, kind FROM patch_relation WHERE patch_id IN (:ids) ORDER BY patch_id, related_patch_id")
            .param("ids", patchIds)
            .query((rs, n) -> new PatchRelation(rs.getLong(1), rs.getLong(2),
                    PatchRelation.Kind.valueOf(rs.getString(3))))
            .list();
    }

    /**
     * The relations in which these patches are the related one: who supersedes them, who
     * requires them.
     */
    List<PatchRelation> relationsTo(Collection<Long> patchIds) {
        if (patchIds.isEmpty()) {
            return List.of();
        }
        return jdbc
            .sql("SELECT patch_id, related_patch_id, kind FROM patch_relation WHERE related_patch_id IN (:ids) "
                    + "ORDER BY related_patch_id, patch_id")
            .param("ids", patchIds)
            .query((rs, n) -> new PatchRelation(rs.getLong(1), rs.getLong(2),
                    PatchRelation.Kind.valueOf(rs.getString(3))))
            .list();
    }

    /**
     * How a package version is named in the catalog, e.g.
     * {@code debian:git:1:2.39.5-0+deb12u2}.
     */
    static String vendorId(String vendor, String packageName, String version) {
        return vendor.toLowerCase(java.util.Locale.ROOT) + ":" + packageName + ":" + version;
    }

    private List<Patch> withCves(JdbcClient.StatementSpec statement) {
        record Row(long id, String vendor, String vendorId, String title, String pkg, String version, PatchType type,
                boolean reboot, Date released) {
        }
        List<Row> rows = statement
            .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), PatchType.valueOf(rs.getString(7)), rs.getBoolean(8), rs.getDate(9)))
            .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<Cve>> cves = new HashMap<>();
        jdbc.sql(
                "SELECT patch_id, cve_id, cvss_score, known_exploited FROM patch_cve WHERE patch_id IN (:ids) ORDER BY cve_id")
            .param("ids", rows.stream().map(Row::id).toList())
            .query(rs -> {
                cves.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                    .add(new Cve(rs.getString(2), rs.getBigDecimal(3), rs.getBoolean(4)));
            });
        return rows.stream()
            .map(r -> new Patch(r.id(), r.vendor(), r.vendorId(), r.title(), r.pkg(), r.version(), r.type(), r.reboot(),
                    r.released() == null ? null : r.released().toLocalDate(), cves.getOrDefault(r.id(), List.of())))
            .toList();
    }

}
