package io.patchflow.risk;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeType;
import io.patchflow.change.RiskLevel;

/**
 * Every assessment round of a change, with the facts, the results and the rules that
 * fired.
 */
@Repository
class AssessmentRepository {

    private static final String COLUMNS = "id, assessed_at, max_cvss, known_exploited, max_criticality, internet_facing, patch_type, "
            + "reboot_required, asset_count, emergency_requested, known_ransomware, kev_due_date, max_epss, min_downtime_tolerance, "
            + "past_failure_rate, past_outcomes, standard_template, backup_all_changes, "
            + "risk_score, risk_level, change_type, backup_required, review_group, cab_group, cab_seats, cab_quorum, emergency_group, "
            + "approval_deadline, sla_band, sla_due_at, sla_basis";

    /**
     * The same columns of the assessment aliased {@code a}, where a query joins the
     * change.
     */
    private static final String A_COLUMNS = java.util.Arrays.stream(COLUMNS.split(", "))
        .map(column -> "a." + column)
        .collect(java.util.stream.Collectors.joining(", "));

    private final JdbcClient jdbc;

    private final JdbcTemplate template;

    AssessmentRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    void insert(ChangeId change, RiskAssessment assessment) {
        RiskAssessment.Facts f = assessment.facts();
        RiskAssessment.Result r = assessment.result();
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql(
                "INSERT INTO risk_assessment(change_id, assessed_at, max_cvss, known_exploited, max_criticality, internet_facing, "
                        + "patch_type, reboot_required, asset_count, emergency_requested, known_ransomware, kev_due_date, max_epss, "
                        + "min_downtime_tolerance, past_failure_rate, past_outcomes, standard_template, backup_all_changes, "
                        + "risk_score, risk_level, change_type, backup_required, "
                        + "review_group, cab_group, cab_seats, cab_quorum, emergency_group, approval_deadline, sla_band, sla_due_at, sla_basis) "
                        + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
            .params(change.value(), assessment.assessedAt(), f.maxCvss(), f.knownExploited(), f.maxCriticality(),
                    f.internetFacing(), f.patchType(), f.rebootRequired(), f.assetCount(), f.emergencyRequested(),
                    f.knownRansomware(), f.kevDueDate() == null ? null : Date.valueOf(f.kevDueDate()), f.maxEpss(),
                    f.minDowntimeTolerance(), f.pastFailureRate(), f.pastOutcomes(), f.standardTemplate(),
                    f.backupAllChanges(), r.riskScore(), r.riskLevel().name(), r.changeType().name(),
                    r.backupRequired(), r.reviewGroup(), r.cabGroup(), r.cabSeats(), r.cabQuorum(), r.emergencyGroup(),
                    r.approvalDeadline(), r.slaBand(),
                    r.slaDueAt() == null ? null : OffsetDateTime.ofInstant(r.slaDueAt(), ZoneOffset.UTC), r.slaBasis())
            .update(keys, "id");
        long id = keys.getKey().longValue();
        List<RiskAssessment.Rule> rules = assessment.rules();
        // One batch, whatever the number of rules an analyst adds to the tables.
        template.batchUpdate(
                "INSERT INTO risk_assessment_rule(assessment_id, position, decision_key, decision_name, rule_id, "
                        + "description, points, outputs) VALUES (?,?,?,?,?,?,?,?)",
                java.util.stream.IntStream.range(0, rules.size()).mapToObj(i -> {
                    RiskAssessment.Rule rule = rules.get(i);
                    return new Object[] { id, i, rule.decisionKey(), rule.decisionName(), rule.ruleId(),
                            truncate(rule.description(), 500), rule.points(), truncate(rule.outputs(), 1000) };
                }).toList());
    }

    Optional<RiskAssessment> latest(ChangeId change) {
        record Row(long id, OffsetDateTime at, RiskAssessment.Facts facts, RiskAssessment.Result result) {
        }
        Optional<Row> row = jdbc
            .sql("SELECT " + COLUMNS
                    + " FROM risk_assessment WHERE change_id = ? ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")
            .param(change.value())
            .query((rs, n) -> new Row(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), facts(rs), result(rs)))
            .optional();
        return row.map(r -> new RiskAssessment(r.at(), r.facts(), r.result(), rules(r.id())));
    }

    /**
     * The facts of the latest assessment of each of these customers' newest assessed
     * changes, newest change first. Only these customers' changes: the customer filter is
     * in the query (ADR 0051).
     */
    List<StoredFacts> latestOfNewestChanges(Collection<String> customerIds, int limit) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return jdbc
            .sql("SELECT " + A_COLUMNS + ", c.id, c.customer_id, c.title FROM change_request c "
                    + "JOIN risk_assessment a ON a.change_id = c.id WHERE c.customer_id IN (:customers) "
                    + "AND a.id = (SELECT MAX(l.id) FROM risk_assessment l WHERE l.change_id = c.id) "
                    + "ORDER BY c.id DESC FETCH FIRST :limit ROWS ONLY")
            .param("customers", customerIds)
            .param("limit", limit)
            .query((rs, n) -> new StoredFacts(new ChangeId(rs.getLong(32)), rs.getString(33), rs.getString(34),
                    rs.getObject(2, OffsetDateTime.class).toInstant(), facts(rs)))
            .list();
    }

    /** A change's latest assessed facts, and what names the change. */
    record StoredFacts(ChangeId change, String customerId, String title, java.time.Instant assessedAt,
            RiskAssessment.Facts facts) {
    }

    private List<RiskAssessment.Rule> rules(long assessmentId) {
        return jdbc
            .sql("SELECT decision_key, decision_name, rule_id, description, points, outputs FROM risk_assessment_rule "
                    + "WHERE assessment_id = ? ORDER BY position")
            .param(assessmentId)
            .query((rs, n) -> new RiskAssessment.Rule(rs.getString(1), rs.getString(2), rs.getString(3),
                    rs.getString(4), (Integer) rs.getObject(5, Integer.class), rs.getString(6)))
            .list();
    }

    private static RiskAssessment.Facts facts(ResultSet rs) throws SQLException {
        Date kevDue = rs.getDate(12);
        return new RiskAssessment.Facts(rs.getBigDecimal(3), rs.getBoolean(4), rs.getString(5), rs.getBoolean(6),
                rs.getString(7), rs.getBoolean(8), rs.getInt(9), rs.getBoolean(10), rs.getBoolean(11),
                kevDue == null ? null : kevDue.toLocalDate(), rs.getBigDecimal(13), rs.getString(14),
                rs.getBigDecimal(15), rs.getInt(16), rs.getString(17), rs.getBoolean(18));
    }

    private static RiskAssessment.Result result(ResultSet rs) throws SQLException {
        OffsetDateTime due = rs.getObject(30, OffsetDateTime.class);
        return new RiskAssessment.Result(rs.getInt(19), RiskLevel.valueOf(rs.getString(20)),
                ChangeType.valueOf(rs.getString(21)), rs.getBoolean(22), rs.getString(23), rs.getString(24),
                rs.getInt(25), rs.getInt(26), rs.getString(27), rs.getString(28), rs.getString(29),
                due == null ? null : due.toInstant(), rs.getString(31));
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

}
