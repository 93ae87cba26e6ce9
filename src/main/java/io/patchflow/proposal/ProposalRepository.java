package io.patchflow.proposal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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

import io.patchflow.deployment.AssetState;
import io.patchflow.risk.RiskAssessment;

import io.patchflow.shared.DateTimes;

/**
 * Proposals and their patches and assets ({@code change_proposal},
 * {@code change_proposal_patch}, {@code change_proposal_asset}). Finding what to propose
 * reads (never writes) other features' tables in a few set queries: inventory's pending
 * patches, assets and windows, the changes that held a patch on an asset and how far they
 * got there (change's and deployment's tables), and the customer's row, locked. The flag
 * on an update still pending after its install is inventory's to write
 * ({@code InventoryFacts.markStillPending}).
 */
@Repository
class ProposalRepository {

    private static final String COLUMNS = "p.id, p.customer_id, p.ring, p.window_id, w.name, p.title, p.status, p.detected_at, "
            + "p.risk_score, p.risk_level, p.change_type, p.standard_template, p.sla_band, p.sla_due_at, p.sla_basis, p.explanation, "
            + "p.change_id, p.decided_by, p.decided_at, p.reason, p.created_at, "
            + "(SELECT COUNT(*) FROM change_proposal_asset pa WHERE pa.proposal_id = p.id), "
            + "(SELECT COUNT(*) FROM change_proposal_patch pp WHERE pp.proposal_id = p.id), p.proposed_again";

    private static final String FROM = " FROM change_proposal p LEFT JOIN maintenance_window w ON w.id = p.window_id";

    private final JdbcClient jdbc;

    private final JdbcTemplate template;

    ProposalRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /**
     * One patch pending on one asset, with what earlier proposals and changes did with it
     * there.
     *
     * @param lastChangeId the last closed change that held it there, null if none did
     */
    record PendingUpdate(long assetId, int ring, Long windowId, long patchId, Instant firstSeen, Long lastChangeId,
            RepeatPolicy.History history) {
    }

    /**
     * Every patch the customer's agents report pending, each with its history on its
     * asset: whether an open or dismissed proposal holds it, whether a change that is not
     * closed holds it, and its state in the last closed change that held it (the one with
     * the highest id: changes are numbered as they are submitted). Reads inventory's
     * {@code asset_pending_patch} and {@code asset}, change's {@code change_request} and
     * {@code change_patch}, and deployment's {@code change_asset}; RepeatPolicy decides.
     */
    List<PendingUpdate> pending(String customerId) {
        return jdbc.sql("SELECT x.asset_id, x.ring, x.maintenance_window_id, x.patch_id, x.first_seen_at, "
                + "x.facts_reported_at, x.proposed, x.under_way, x.last_change, lc.state, lc.updated_at FROM ("
                + "SELECT a.id AS asset_id, a.ring, a.maintenance_window_id, app.patch_id, app.first_seen_at, "
                + "a.facts_reported_at, " + "CASE WHEN EXISTS (SELECT 1 FROM change_proposal_asset pa "
                + "  JOIN change_proposal_patch pp ON pp.proposal_id = pa.proposal_id "
                + "  JOIN change_proposal p ON p.id = pa.proposal_id "
                + "  WHERE pa.asset_id = a.id AND pp.patch_id = app.patch_id AND p.status IN ('OPEN','DISMISSED')) "
                + "THEN 1 ELSE 0 END AS proposed, " + "CASE WHEN EXISTS (SELECT 1 FROM change_asset ca "
                + "  JOIN change_patch cp ON cp.change_id = ca.change_id "
                + "  JOIN change_request c ON c.id = ca.change_id "
                + "  WHERE ca.asset_id = a.id AND cp.patch_id = app.patch_id AND c.status <> 'CLOSED') "
                + "THEN 1 ELSE 0 END AS under_way, " + "(SELECT MAX(ca.change_id) FROM change_asset ca "
                + "  JOIN change_patch cp ON cp.change_id = ca.change_id "
                + "  JOIN change_request c ON c.id = ca.change_id "
                + "  WHERE ca.asset_id = a.id AND cp.patch_id = app.patch_id AND c.status = 'CLOSED') AS last_change "
                + "FROM asset_pending_patch app JOIN asset a ON a.id = app.asset_id WHERE a.customer_id = ?) x "
                + "LEFT JOIN change_asset lc ON lc.change_id = x.last_change AND lc.asset_id = x.asset_id "
                + "ORDER BY x.ring, x.maintenance_window_id, x.asset_id, x.patch_id")
            .param(customerId)
            .query((rs, n) -> {
                String state = rs.getString(10);
                return new PendingUpdate(rs.getLong(1), rs.getInt(2), (Long) rs.getObject(3, Long.class), rs.getLong(4),
                        instant(rs, 5), (Long) rs.getObject(9, Long.class),
                        new RepeatPolicy.History(rs.getInt(7) == 1, rs.getInt(8) == 1,
                                state == null ? null : AssetState.valueOf(state), instant(rs, 11), instant(rs, 6)));
            })
            .list();
    }

    /**
     * Serialises proposal runs per customer: the timer's run and one an administrator
     * started would otherwise both see the same candidates and propose them twice.
     */
    void lockCustomer(String customerId) {
        jdbc.sql("SELECT id FROM customer WHERE id = ? FOR UPDATE").param(customerId).query(String.class).list();
    }

    /**
     * Open proposals none of whose updates is still pending on any of its assets: the
     * agents report them installed (by another change, or by hand). They are closed as
     * OBSOLETE.
     */
    int retireObsolete(String customerId, String reason) {
        return jdbc.sql("UPDATE change_proposal SET status = 'OBSOLETE', decided_by = ?, decided_at = ?, reason = ? "
                + "WHERE customer_id = ? AND status = 'OPEN' AND NOT EXISTS (SELECT 1 FROM change_proposal_asset pa "
                + "  JOIN change_proposal_patch pp ON pp.proposal_id = pa.proposal_id "
                + "  JOIN asset_pending_patch app ON app.asset_id = pa.asset_id AND app.patch_id = pp.patch_id "
                + "  WHERE pa.proposal_id = change_proposal.id)")
            .params(io.patchflow.security.Actor.SYSTEM_NAME, OffsetDateTime.now(ZoneOffset.UTC), reason, customerId)
            .update();
    }

    /**
     * @param again its updates were held on these assets before by a change that did not
     * install them: it waits for a person, whatever the templates say
     */
    long insert(String customerId, int ring, Long windowId, String title, Instant detectedAt, boolean again,
            Collection<Long> assetIds, Collection<Long> patchIds) {
        KeyHolder keys = new GeneratedKeyHolder();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        // Classified right after, in the same transaction, once its assets and patches
        // are in.
        jdbc.sql(
                "INSERT INTO change_proposal(customer_id, ring, window_id, title, status, detected_at, risk_score, risk_level, "
                        + "change_type, sla_band, sla_due_at, sla_basis, explanation, created_at, proposed_again) "
                        + "VALUES (?,?,?,?,?,?,0,'LOW','NORMAL','LOW',?,'','',?,?)")
            .params(customerId, ring, windowId, title, ProposalStatus.OPEN.name(), DateTimes.column(detectedAt),
                    DateTimes.column(detectedAt), now, again)
            .update(keys, "id");
        long id = keys.getKey().longValue();
        template.batchUpdate("INSERT INTO change_proposal_asset(proposal_id, asset_id) VALUES (?,?)",
                assetIds.stream().map(a -> new Object[] { id, a }).toList());
        template.batchUpdate("INSERT INTO change_proposal_patch(proposal_id, patch_id) VALUES (?,?)",
                patchIds.stream().map(p -> new Object[] { id, p }).toList());
        return id;
    }

    void classify(long id, RiskAssessment estimate, String explanation) {
        RiskAssessment.Result r = estimate.result();
        jdbc.sql(
                "UPDATE change_proposal SET risk_score = ?, risk_level = ?, change_type = ?, standard_template = ?, sla_band = ?, "
                        + "sla_due_at = ?, sla_basis = ?, explanation = ? WHERE id = ?")
            .params(r.riskScore(), r.riskLevel().name(), r.changeType().name(), estimate.facts().standardTemplate(),
                    r.slaBand(), DateTimes.column(r.slaDueAt()), truncate(r.slaBasis(), 500),
                    truncate(explanation, 2000), id)
            .update();
    }

    /**
     * @return false if someone else decided first
     */
    boolean decide(long id, ProposalStatus status, Long changeId, String decidedBy, String reason) {
        return jdbc
            .sql("UPDATE change_proposal SET status = ?, change_id = ?, decided_by = ?, decided_at = ?, reason = ? "
                    + "WHERE id = ? AND status = 'OPEN'")
            .params(status.name(), changeId, decidedBy, OffsetDateTime.now(ZoneOffset.UTC), reason, id)
            .update() == 1;
    }

    Optional<Proposal> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + FROM + " WHERE p.id = ?")
            .param(id)
            .query(ProposalRepository::proposal)
            .optional();
    }

    List<Long> assetIds(long id) {
        return jdbc.sql("SELECT asset_id FROM change_proposal_asset WHERE proposal_id = ? ORDER BY asset_id")
            .param(id)
            .query(Long.class)
            .list();
    }

    List<Long> patchIds(long id) {
        return jdbc.sql("SELECT patch_id FROM change_proposal_patch WHERE proposal_id = ? ORDER BY patch_id")
            .param(id)
            .query(Long.class)
            .list();
    }

    /**
     * Open proposals the run starts by itself: standard by one of the customer's
     * templates, and not proposed again after a change that did not install them.
     */
    List<Long> openStandard() {
        return jdbc
            .sql("SELECT id FROM change_proposal WHERE status = 'OPEN' AND change_type = 'STANDARD' "
                    + "AND standard_template IS NOT NULL AND NOT proposed_again ORDER BY id")
            .query(Long.class)
            .list();
    }

    /** The visible customers' proposals, soonest deadline first. */
    List<Proposal> page(Collection<String> customerIds, ProposalStatus status, int offset, int limit) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return jdbc
            .sql("SELECT " + COLUMNS + FROM + " WHERE p.customer_id IN (:customers) AND p.status = :status "
                    + "ORDER BY p.sla_due_at, p.id OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY")
            .param("customers", customerIds)
            .param("status", status.name())
            .param("offset", offset)
            .param("limit", limit)
            .query(ProposalRepository::proposal)
            .list();
    }

    long count(Collection<String> customerIds, ProposalStatus status) {
        if (customerIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("SELECT COUNT(*) FROM change_proposal WHERE customer_id IN (:customers) AND status = :status")
            .param("customers", customerIds)
            .param("status", status.name())
            .query(Long.class)
            .single();
    }

    private static Proposal proposal(ResultSet rs, int n) throws SQLException {
        return new Proposal(rs.getLong(1), rs.getString(2), rs.getInt(3), (Long) rs.getObject(4, Long.class),
                rs.getString(5), rs.getString(6), ProposalStatus.valueOf(rs.getString(7)), instant(rs, 8), rs.getInt(9),
                rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), instant(rs, 14),
                rs.getString(15), rs.getString(16), (Long) rs.getObject(17, Long.class), rs.getString(18),
                instant(rs, 19), rs.getString(20), instant(rs, 21), rs.getInt(22), rs.getInt(23), rs.getBoolean(24));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

}
