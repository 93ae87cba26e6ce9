package io.patchflow.deployment;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.patchflow.change.ChangeId;

/**
 * Per-asset state of each change. Updated in bulk (one statement per phase, not one per
 * asset) and one row at a time as agents report. The change page's rows read (never
 * write) inventory's {@code asset} and the agent API's {@code agent} and
 * {@code agent_job}.
 */
@Repository
class ChangeAssetRepository {

    private static final int BATCH = 500;

    private static final int DETAIL_LENGTH = 500; // change_asset.detail in
                                                  // db/migration/V2__patchflow_core.sql

    private final JdbcClient jdbc;

    private final JdbcTemplate template;

    ChangeAssetRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    void insert(ChangeId change, Collection<Long> assetIds) {
        OffsetDateTime now = now();
        List<Object[]> rows = new ArrayList<>(assetIds.size());
        for (Long assetId : assetIds) {
            rows.add(new Object[] { change.value(), assetId, AssetState.PENDING.name(), now });
        }
        for (int from = 0; from < rows.size(); from += BATCH) {
            template.batchUpdate("INSERT INTO change_asset(change_id, asset_id, state, updated_at) VALUES (?,?,?,?)",
                    rows.subList(from, Math.min(rows.size(), from + BATCH)));
        }
    }

    List<Long> assetIds(ChangeId change) {
        return jdbc.sql("SELECT asset_id FROM change_asset WHERE change_id = ? ORDER BY asset_id")
            .param(change.value())
            .query(Long.class)
            .list();
    }

    List<Long> assetIdsIn(ChangeId change, Collection<AssetState> states) {
        return jdbc
            .sql("SELECT asset_id FROM change_asset WHERE change_id = :change AND state IN (:states) ORDER BY asset_id")
            .param("change", change.value())
            .param("states", states.stream().map(Enum::name).toList())
            .query(Long.class)
            .list();
    }

    List<Long> assetIdsOfWave(ChangeId change, int wave) {
        return jdbc.sql("SELECT asset_id FROM change_asset WHERE change_id = ? AND wave_no = ? ORDER BY asset_id")
            .params(change.value(), wave)
            .query(Long.class)
            .list();
    }

    List<ChangeAssetView> view(ChangeId change) {
        return jdbc.sql("SELECT a.id, a.hostname, a.ring, ca.wave_no, ca.state, ca.detail, ca.updated_at, "
                + "(SELECT COUNT(*) FROM agent g WHERE g.asset_id = a.id AND g.revoked_at IS NULL AND g.simulated), "
                // the backup evidence counts most for people: a BACKUP job's evidence
                // first, else the latest
                + "(SELECT j.result_evidence FROM agent_job j WHERE j.change_id = ca.change_id AND j.asset_id = ca.asset_id "
                + "  AND j.result_evidence IS NOT NULL ORDER BY CASE WHEN j.job_type = 'BACKUP' THEN 0 ELSE 1 END, "
                + "  j.finished_at DESC FETCH FIRST 1 ROWS ONLY) " + ", a.criticality, a.exposure "
                + "FROM change_asset ca JOIN asset a ON a.id = ca.asset_id WHERE ca.change_id = ? "
                + "ORDER BY a.ring, a.hostname")
            .param(change.value())
            .query((rs, n) -> {
                int wave = rs.getInt(4);
                Integer waveNo = rs.wasNull() ? null : wave;
                return new ChangeAssetView(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(10),
                        rs.getString(11), waveNo, AssetState.valueOf(rs.getString(5)), rs.getString(6),
                        rs.getObject(7, OffsetDateTime.class), rs.getInt(8) > 0, rs.getString(9));
            })
            .list();
    }

    Map<AssetState, Integer> countByState(ChangeId change) {
        Map<AssetState, Integer> counts = new EnumMap<>(AssetState.class);
        jdbc.sql("SELECT state, COUNT(*) FROM change_asset WHERE change_id = ? GROUP BY state")
            .param(change.value())
            .query(rs -> {
                counts.put(AssetState.valueOf(rs.getString(1)), rs.getInt(2));
            });
        return counts;
    }

    void setWave(ChangeId change, Collection<Long> assetIds, int wave) {
        for (List<Long> chunk : chunks(assetIds)) {
            jdbc.sql("UPDATE change_asset SET wave_no = :wave WHERE change_id = :change AND asset_id IN (:assets)")
                .param("wave", wave)
                .param("change", change.value())
                .param("assets", chunk)
                .update();
        }
    }

    void setState(ChangeId change, Collection<Long> assetIds, AssetState state, String detail) {
        OffsetDateTime now = now();
        // An agent may report up to 2000 characters; the asset row keeps the start of it
        // (the job keeps all).
        String shown = detail == null || detail.length() <= DETAIL_LENGTH ? detail
                : detail.substring(0, DETAIL_LENGTH - 1) + "…";
        for (List<Long> chunk : chunks(assetIds)) {
            jdbc.sql("UPDATE change_asset SET state = :state, detail = :detail, updated_at = :now "
                    + "WHERE change_id = :change AND asset_id IN (:assets)")
                .param("state", state.name())
                .param("detail", shown)
                .param("now", now)
                .param("change", change.value())
                .param("assets", chunk)
                .update();
        }
    }

    /** Moves every asset of the change that is in one of {@code from} to {@code to}. */
    int transition(ChangeId change, Collection<AssetState> from, AssetState to, String detail) {
        return jdbc
            .sql("UPDATE change_asset SET state = :to, detail = :detail, updated_at = :now "
                    + "WHERE change_id = :change AND state IN (:from)")
            .param("to", to.name())
            .param("detail", detail)
            .param("now", now())
            .param("change", change.value())
            .param("from", from.stream().map(Enum::name).toList())
            .update();
    }

    /** The change's assets, by ring, in asset order: how the waves are planned. */
    Map<Integer, List<Long>> assetIdsByRing(ChangeId change) {
        Map<Integer, List<Long>> byRing = new java.util.LinkedHashMap<>();
        jdbc.sql("SELECT a.ring, a.id FROM change_asset ca JOIN asset a ON a.id = ca.asset_id WHERE ca.change_id = ? "
                + "ORDER BY a.ring, a.id")
            .param(change.value())
            .query(rs -> {
                byRing.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(rs.getLong(2));
            });
        return byRing;
    }

    record WaveCount(int total, int succeeded) {
    }

    /** How many assets the wave has, and how many of them are installed. */
    WaveCount countWave(ChangeId change, int wave) {
        return jdbc
            .sql("SELECT COUNT(*), SUM(CASE WHEN state = 'INSTALLED' THEN 1 ELSE 0 END) FROM change_asset "
                    + "WHERE change_id = ? AND wave_no = ?")
            .params(change.value(), wave)
            .query((rs, n) -> new WaveCount(rs.getInt(1), rs.getInt(2)))
            .single();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static List<List<Long>> chunks(Collection<Long> ids) {
        List<Long> all = List.copyOf(ids);
        List<List<Long>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += BATCH) {
            chunks.add(all.subList(from, Math.min(all.size(), from + BATCH)));
        }
        return chunks;
    }

}
