package io.patchflow.schedule;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.patchflow.change.ChangeId;

/**
 * Which open changes hold slots that overlap a given slot on any of the same assets, and
 * the conflicts recorded when a change was postponed or an emergency overrode another.
 * Reads (never writes) the change's assets from deployment's {@code change_asset}.
 */
@Repository
class ConflictRepository {

    record Overlap(ChangeId change, int sharedAssets, Instant start, Instant end) {
    }

    private final JdbcClient jdbc;

    ConflictRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Two changes on the same assets scheduled at the same moment would each miss the
     * other's uncommitted slot. Locking the change's asset rows (in id order, so two
     * changes cannot wait for each other) makes the second wait until the first has
     * committed its slot, then see it.
     */
    void lockAssetsOf(ChangeId change) {
        jdbc.sql(
                "SELECT id FROM asset WHERE id IN (SELECT asset_id FROM change_asset WHERE change_id = ?) ORDER BY id FOR UPDATE")
            .param(change.value())
            .query(Long.class)
            .list();
    }

    List<Long> assetIdsOf(ChangeId change) {
        return jdbc.sql("SELECT asset_id FROM change_asset WHERE change_id = ?")
            .param(change.value())
            .query(Long.class)
            .list();
    }

    /**
     * Open changes that hold some of this change's assets in [start, end). A change in
     * review or closed has released its assets. One query, however many assets: the other
     * change's assets are joined against this change's.
     */
    List<Overlap> overlapping(ChangeId change, Instant start, Instant end) {
        return jdbc.sql("SELECT c.id, COUNT(*), c.scheduled_start, c.scheduled_end FROM change_request c "
                + "JOIN change_asset other ON other.change_id = c.id "
                + "JOIN change_asset mine ON mine.asset_id = other.asset_id AND mine.change_id = :me "
                + "WHERE c.id <> :me AND c.status NOT IN ('IN_REVIEW', 'CLOSED') AND c.scheduled_start < :end AND c.scheduled_end > :start "
                + "GROUP BY c.id, c.scheduled_start, c.scheduled_end ORDER BY c.scheduled_end")
            .param("me", change.value())
            .param("start", start.atOffset(ZoneOffset.UTC))
            .param("end", end.atOffset(ZoneOffset.UTC))
            .query((rs, n) -> new Overlap(new ChangeId(rs.getLong(1)), rs.getInt(2),
                    rs.getObject(3, OffsetDateTime.class).toInstant(),
                    rs.getObject(4, OffsetDateTime.class).toInstant()))
            .list();
    }

    void record(ChangeId change, Overlap overlap, String resolution, String detail) {
        jdbc.sql(
                "INSERT INTO change_conflict(change_id, other_change_id, shared_assets, resolution, detail, detected_at) "
                        + "VALUES (?,?,?,?,?,?)")
            .params(change.value(), overlap.change().value(), overlap.sharedAssets(), resolution, detail,
                    OffsetDateTime.now(ZoneOffset.UTC))
            .update();
    }

    /** The conflicts recorded for each of the changes, in one query. */
    Map<ChangeId, List<ChangeConflict>> ofChanges(Collection<ChangeId> changes) {
        if (changes.isEmpty()) {
            return Map.of();
        }
        Map<ChangeId, List<ChangeConflict>> byChange = new HashMap<>();
        jdbc.sql(
                "SELECT change_id, other_change_id, shared_assets, resolution, detail, detected_at FROM change_conflict "
                        + "WHERE change_id IN (:ids) ORDER BY id")
            .param("ids", changes.stream().map(ChangeId::value).toList())
            .query(rs -> {
                byChange.computeIfAbsent(new ChangeId(rs.getLong(1)), k -> new ArrayList<>())
                    .add(new ChangeConflict(new ChangeId(rs.getLong(2)), rs.getInt(3), rs.getString(4), rs.getString(5),
                            rs.getObject(6, OffsetDateTime.class)));
            });
        return byChange;
    }

    List<ChangeConflict> ofChange(ChangeId change) {
        return jdbc
            .sql("SELECT other_change_id, shared_assets, resolution, detail, detected_at FROM change_conflict "
                    + "WHERE change_id = ? ORDER BY id")
            .param(change.value())
            .query((rs, n) -> new ChangeConflict(new ChangeId(rs.getLong(1)), rs.getInt(2), rs.getString(3),
                    rs.getString(4), rs.getObject(5, OffsetDateTime.class)))
            .list();
    }

}
