package io.patchflow.change;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class Assessments {

    private final JdbcClient jdbc;

    public Assessments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(ChangeId change, RiskAssessment assessment) {
        RiskAssessment.Facts f = assessment.facts();
        RiskAssessment.Result r = assessment.result();
        jdbc.sql("INSERT INTO risk_assessment(change_id, assessed_at, max_cvss, known_exploited, max_criticality, internet_facing, "
                        + "patch_type, reboot_required, asset_count, emergency_requested, risk_level, change_type, backup_required, "
                        + "review_group, cab_group, cab_seats, cab_quorum, emergency_group, approval_deadline) "
                        + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                .params(change.value(), assessment.assessedAt(), f.maxCvss(), f.knownExploited(), f.maxCriticality(),
                        f.internetFacing(), f.patchType(), f.rebootRequired(), f.assetCount(), f.emergencyRequested(),
                        r.riskLevel().name(), r.changeType().name(), r.backupRequired(), r.reviewGroup(), r.cabGroup(),
                        r.cabSeats(), r.cabQuorum(), r.emergencyGroup(), r.approvalDeadline())
                .update();
    }

    public Optional<RiskAssessment> latest(ChangeId change) {
        return jdbc.sql("SELECT assessed_at, max_cvss, known_exploited, max_criticality, internet_facing, patch_type, "
                        + "reboot_required, asset_count, emergency_requested, risk_level, change_type, backup_required, review_group, "
                        + "cab_group, cab_seats, cab_quorum, emergency_group, approval_deadline FROM risk_assessment "
                        + "WHERE change_id = ? ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")
                .param(change.value())
                .query((rs, n) -> new RiskAssessment(rs.getObject(1, OffsetDateTime.class),
                        new RiskAssessment.Facts(rs.getBigDecimal(2), rs.getBoolean(3), rs.getString(4), rs.getBoolean(5),
                                rs.getString(6), rs.getBoolean(7), rs.getInt(8), rs.getBoolean(9)),
                        new RiskAssessment.Result(RiskLevel.valueOf(rs.getString(10)), ChangeType.valueOf(rs.getString(11)),
                                rs.getBoolean(12), rs.getString(13), rs.getString(14), rs.getInt(15), rs.getInt(16),
                                rs.getString(17), rs.getString(18))))
                .optional();
    }

    public int rounds(ChangeId change) {
        return jdbc.sql("SELECT COUNT(*) FROM risk_assessment WHERE change_id = ?").param(change.value())
                .query(Integer.class).single();
    }
}
