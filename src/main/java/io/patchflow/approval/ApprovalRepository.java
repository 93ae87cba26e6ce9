package io.patchflow.approval;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.patchflow.change.ChangeId;

/** The decisions people took on changes, in {@code approval}. */
@Repository
class ApprovalRepository {

    private final JdbcClient jdbc;

    ApprovalRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ChangeId change, int round, ApprovalStep step, String decidedBy, String decision, String comment,
            String taskId) {
        jdbc.sql("INSERT INTO approval(change_id, round_no, step, decided_by, decision, comment, task_id, decided_at) "
                + "VALUES (?,?,?,?,?,?,?,?)")
            .params(change.value(), round, step.name(), decidedBy, decision, comment, taskId,
                    OffsetDateTime.now(ZoneOffset.UTC))
            .update();
    }

    List<ApprovalRecord> ofChange(ChangeId change) {
        return jdbc.sql(
                "SELECT round_no, step, decided_by, decision, comment, decided_at FROM approval WHERE change_id = ? ORDER BY id")
            .param(change.value())
            .query((rs, n) -> new ApprovalRecord(rs.getInt(1), ApprovalStep.valueOf(rs.getString(2)), rs.getString(3),
                    rs.getString(4), rs.getString(5), rs.getObject(6, OffsetDateTime.class)))
            .list();
    }

    List<ApprovalRecord> ofRound(ChangeId change, int round, ApprovalStep step) {
        return ofChange(change).stream().filter(a -> a.round() == round && a.step() == step).toList();
    }

}
