package io.patchflow.patch;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Vendor advisories and what they say about catalog patches: {@code advisory}, a patch's
 * metadata, CVEs and relations.
 */
@Repository
class AdvisoryRepository {

    private final JdbcClient jdbc;

    AdvisoryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What an advisory says about a patch: title, type, reboot, release date and the
     * advisory's id.
     */
    record Metadata(String title, String type, boolean reboot, Date released, String advisory) {
    }

    /** Updates the advisory, or adds it with who imported it when. */
    void save(String id, String vendor, String title, Date published, OffsetDateTime now, String importedBy) {
        int updated = jdbc.sql("UPDATE advisory SET vendor = ?, title = ?, published_on = ? WHERE id = ?")
            .params(vendor, title, published, id)
            .update();
        if (updated == 0) {
            jdbc.sql(
                    "INSERT INTO advisory(id, vendor, title, published_on, imported_at, imported_by) VALUES (?,?,?,?,?,?)")
                .params(id, vendor, title, published, now, importedBy)
                .update();
        }
    }

    Metadata metadata(long patchId) {
        return jdbc.sql("SELECT title, patch_type, reboot_required, released_on, advisory_id FROM patch WHERE id = ?")
            .param(patchId)
            .query((rs, n) -> new Metadata(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getDate(4),
                    rs.getString(5)))
            .single();
    }

    void setMetadata(long patchId, Metadata m) {
        jdbc.sql(
                "UPDATE patch SET title = ?, patch_type = ?, reboot_required = ?, released_on = ?, advisory_id = ? WHERE id = ?")
            .params(m.title(), m.type(), m.reboot(), m.released(), m.advisory(), patchId)
            .update();
    }

    /** CVE id to CVSS score (null: none) of the patch. */
    Map<String, BigDecimal> cveScores(long patchId) {
        Map<String, BigDecimal> scores = new HashMap<>();
        jdbc.sql("SELECT cve_id, cvss_score FROM patch_cve WHERE patch_id = ?").param(patchId).query(rs -> {
            scores.put(rs.getString(1), rs.getBigDecimal(2));
        });
        return scores;
    }

    /** Replaces the patch's CVEs; a null score is stored as none. */
    void replaceCves(long patchId, Map<String, BigDecimal> scores) {
        jdbc.sql("DELETE FROM patch_cve WHERE patch_id = ?").param(patchId).update();
        scores.forEach((cve, score) -> jdbc
            .sql("INSERT INTO patch_cve(patch_id, cve_id, cvss_score, known_exploited) VALUES (?,?,?,?)")
            .params(patchId, cve, score, false)
            .update());
    }

    /**
     * @return whether the relation was new
     */
    boolean relate(long from, long to, PatchRelation.Kind kind) {
        boolean exists = jdbc
            .sql("SELECT COUNT(*) FROM patch_relation WHERE patch_id = ? AND related_patch_id = ? AND kind = ?")
            .params(from, to, kind.name())
            .query(Integer.class)
            .single() > 0;
        return !exists && jdbc.sql("INSERT INTO patch_relation(patch_id, related_patch_id, kind) VALUES (?,?,?)")
            .params(from, to, kind.name())
            .update() > 0;
    }

    /** Every REQUIRES relation of the catalog: patch id to the ids it requires. */
    Map<Long, List<Long>> requirements() {
        Map<Long, List<Long>> requires = new HashMap<>();
        jdbc.sql("SELECT patch_id, related_patch_id FROM patch_relation WHERE kind = 'REQUIRES'").query(rs -> {
            requires.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
        });
        return requires;
    }

}
