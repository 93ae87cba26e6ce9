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
public class PatchRepository {

    private static final String COLUMNS = "id, vendor, vendor_id, title, package_name, version, patch_type, reboot_required, released_on";

    private final JdbcClient jdbc;

    public PatchRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Patch> find(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return withCves(jdbc.sql("SELECT " + COLUMNS + " FROM patch WHERE id IN (:ids) ORDER BY id").param("ids", ids));
    }

    public List<Patch> page(int offset, int limit) {
        return withCves(jdbc.sql("SELECT " + COLUMNS + " FROM patch ORDER BY released_on DESC, id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")
                .params(offset, limit));
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM patch").query(Long.class).single();
    }

    @Transactional
    public long create(Patch patch) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO patch(vendor, vendor_id, title, package_name, version, patch_type, reboot_required, released_on) "
                        + "VALUES (?,?,?,?,?,?,?,?)")
                .params(patch.vendor(), patch.vendorId(), patch.title(), patch.packageName(), patch.version(),
                        patch.type().name(), patch.rebootRequired(),
                        patch.releasedOn() == null ? null : Date.valueOf(patch.releasedOn()))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        for (Cve cve : patch.cves()) {
            jdbc.sql("INSERT INTO patch_cve(patch_id, cve_id, cvss_score, known_exploited) VALUES (?,?,?,?)")
                    .params(id, cve.id(), cve.cvss(), cve.knownExploited()).update();
        }
        return id;
    }

    private List<Patch> withCves(JdbcClient.StatementSpec statement) {
        record Row(long id, String vendor, String vendorId, String title, String pkg, String version, PatchType type,
                   boolean reboot, Date released) { }
        List<Row> rows = statement.query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), PatchType.valueOf(rs.getString(7)), rs.getBoolean(8),
                rs.getDate(9))).list();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<Cve>> cves = new HashMap<>();
        jdbc.sql("SELECT patch_id, cve_id, cvss_score, known_exploited FROM patch_cve WHERE patch_id IN (:ids) ORDER BY cve_id")
                .param("ids", rows.stream().map(Row::id).toList())
                .query(rs -> {
                    cves.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new Cve(rs.getString(2), rs.getBigDecimal(3), rs.getBoolean(4)));
                });
        return rows.stream().map(r -> new Patch(r.id(), r.vendor(), r.vendorId(), r.title(), r.pkg(), r.version(), r.type(),
                r.reboot(), r.released() == null ? null : r.released().toLocalDate(), cves.getOrDefault(r.id(), List.of()))).toList();
    }
}
