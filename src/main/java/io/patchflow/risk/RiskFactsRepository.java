package io.patchflow.risk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeRequest;
import io.patchflow.inventory.Criticality;
import io.patchflow.patch.PatchType;
import io.patchflow.policy.CustomerPolicy;
import io.patchflow.policy.StandardTemplate;
import io.patchflow.vulnerability.CveIntel;
import io.patchflow.vulnerability.VulnerabilityIntel;

/**
 * Gathers a change's risk facts with a few aggregate queries, so a change over thousands
 * of assets costs the same handful of statements as a change over one.
 */
@Repository
class RiskFactsRepository {

    /**
     * Below this many earlier outcomes a failure rate says more about luck than about the
     * patch.
     */
    static final int MIN_PAST_OUTCOMES = 5;

    // Most demanding first: a change that contains firmware is assessed as a firmware
    // change.
    private static final List<PatchType> TYPE_PRECEDENCE = List.of(PatchType.FIRMWARE, PatchType.SECURITY,
            PatchType.APPLICATION, PatchType.MAINTENANCE);

    private static final List<String> CRITICALITY = List.of("LOW", "MEDIUM", "HIGH", "CRITICAL");

    private static final List<String> TOLERANCE = List.of("NONE", "LOW", "MEDIUM", "HIGH");

    private final JdbcClient jdbc;

    private final VulnerabilityIntel intel;

    RiskFactsRepository(JdbcClient jdbc, VulnerabilityIntel intel) {
        this.jdbc = jdbc;
        this.intel = intel;
    }

    /**
     * What the facts are gathered over: a change, or a proposal that may become one. Both
     * keep their assets and patches in a pair of tables keyed by their id.
     */
    record Scope(String assetsQuery, String patchesQuery, long id, long excludedChange) {

        static Scope of(ChangeId change) {
            return new Scope("SELECT asset_id FROM change_asset WHERE change_id = :id",
                    "SELECT patch_id FROM change_patch WHERE change_id = :id", change.value(), change.value());
        }

        static Scope ofProposal(long proposalId) {
            return new Scope("SELECT asset_id FROM change_proposal_asset WHERE proposal_id = :id",
                    "SELECT patch_id FROM change_proposal_patch WHERE proposal_id = :id", proposalId, -1);
        }
    }

    RiskAssessment.Facts factsOf(ChangeRequest change, CustomerPolicy policy) {
        return factsOf(Scope.of(change.id()), change.emergencyRequested(), policy);
    }

    RiskAssessment.Facts factsOf(Scope scope, boolean emergencyRequested, CustomerPolicy policy) {
        record AssetFacts(int count, int maxCriticality, boolean internetFacing, Integer minTolerance) {
        }
        AssetFacts assets = jdbc.sql("SELECT COUNT(*), "
                + "MAX(CASE a.criticality WHEN 'CRITICAL' THEN 3 WHEN 'HIGH' THEN 2 WHEN 'MEDIUM' THEN 1 ELSE 0 END), "
                + "SUM(CASE a.exposure WHEN 'INTERNET_FACING' THEN 1 ELSE 0 END), "
                + "MIN(CASE a.downtime_tolerance WHEN 'NONE' THEN 0 WHEN 'LOW' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END) "
                + "FROM asset a WHERE a.id IN (" + scope.assetsQuery() + ")")
            .param("id", scope.id())
            .query((rs, n) -> new AssetFacts(rs.getInt(1), rs.getInt(2), rs.getInt(3) > 0,
                    rs.getObject(4) == null ? null : rs.getInt(4)))
            .single();

        record CveRow(String cveId, BigDecimal cvss, boolean exploited) {
        }
        List<CveRow> cves = jdbc
            .sql("SELECT DISTINCT pc.cve_id, pc.cvss_score, pc.known_exploited FROM patch_cve pc "
                    + "WHERE pc.patch_id IN (" + scope.patchesQuery() + ")")
            .param("id", scope.id())
            .query((rs, n) -> new CveRow(rs.getString(1), rs.getBigDecimal(2), rs.getBoolean(3)))
            .list();
        Map<String, CveIntel> feeds = intel.lookup(cves.stream().map(CveRow::cveId).toList());
        BigDecimal maxCvss = null;
        BigDecimal maxEpss = null;
        boolean exploited = false;
        boolean ransomware = false;
        LocalDate kevDue = null;
        for (CveRow cve : cves) {
            CveIntel known = feeds.get(cve.cveId());
            maxCvss = max(maxCvss, score(cve.cvss(), known));
            exploited |= cve.exploited() || (known != null && known.knownExploited());
            if (known != null) {
                maxEpss = max(maxEpss, known.epss());
                ransomware |= Boolean.TRUE.equals(known.knownRansomware());
                if (known.kevDueDate() != null && (kevDue == null || known.kevDueDate().isBefore(kevDue))) {
                    kevDue = known.kevDueDate();
                }
            }
        }

        boolean reboot = jdbc
            .sql("SELECT COUNT(*) FROM patch p WHERE p.id IN (" + scope.patchesQuery() + ") AND p.reboot_required")
            .param("id", scope.id())
            .query(Integer.class)
            .single() > 0;
        List<String> types = jdbc
            .sql("SELECT DISTINCT p.patch_type FROM patch p WHERE p.id IN (" + scope.patchesQuery() + ")")
            .param("id", scope.id())
            .query(String.class)
            .list();
        PatchType type = TYPE_PRECEDENCE.stream()
            .filter(t -> types.contains(t.name()))
            .findFirst()
            .orElse(PatchType.MAINTENANCE);
        String criticality = CRITICALITY.get(assets.maxCriticality());

        // Earlier outcomes of any of these patches, on any asset of any customer: a patch
        // that broke machines elsewhere is riskier here too. Only final per-asset states
        // count.
        record Outcomes(int failed, int total) {
        }
        Outcomes past = jdbc
            .sql("SELECT COALESCE(SUM(CASE WHEN ca.state = 'SUCCEEDED' THEN 0 ELSE 1 END), 0), COUNT(*) "
                    + "FROM change_asset ca WHERE ca.change_id <> :excluded "
                    + "AND ca.state IN ('SUCCEEDED','INSTALL_FAILED','VERIFY_FAILED','ROLLED_BACK','ROLLBACK_FAILED') "
                    + "AND EXISTS (SELECT 1 FROM change_patch theirs WHERE theirs.change_id = ca.change_id "
                    + "AND theirs.patch_id IN (" + scope.patchesQuery() + "))")
            .param("excluded", scope.excludedChange())
            .param("id", scope.id())
            .query((rs, n) -> new Outcomes(rs.getInt(1), rs.getInt(2)))
            .single();
        BigDecimal failureRate = past.total() < MIN_PAST_OUTCOMES ? null
                : BigDecimal.valueOf(past.failed()).divide(BigDecimal.valueOf(past.total()), 4, RoundingMode.HALF_UP);

        String template = fittingTemplate(scope, policy.templates(), types, criticality, reboot, assets.count());
        return new RiskAssessment.Facts(maxCvss, exploited, criticality, assets.internetFacing(), type.name(), reboot,
                assets.count(), emergencyRequested, ransomware, kevDue, maxEpss,
                assets.minTolerance() == null ? null : TOLERANCE.get(assets.minTolerance()), failureRate, past.total(),
                template, policy.backupAllChanges());
    }

    /**
     * NVD's v3.1 score where NVD has one (the most widely published), else its v4.0
     * score, else the catalog's.
     */
    static BigDecimal score(BigDecimal catalog, CveIntel known) {
        if (known != null && known.cvss31Score() != null) {
            return known.cvss31Score();
        }
        if (known != null && known.cvss40Score() != null) {
            return known.cvss40Score();
        }
        return catalog;
    }

    private String fittingTemplate(Scope scope, List<StandardTemplate> templates, List<String> types,
            String criticality, boolean reboot, int assetCount) {
        if (templates.isEmpty()) {
            return null;
        }
        Map<String, Integer> byTag = new HashMap<>();
        Set<String> tags = new java.util.HashSet<>();
        templates.stream().map(StandardTemplate::assetTag).filter(Objects::nonNull).forEach(tags::add);
        if (!tags.isEmpty()) {
            jdbc.sql("SELECT t.tag, COUNT(*) FROM asset_tag t WHERE t.asset_id IN (" + scope.assetsQuery() + ") "
                    + "AND t.tag IN (:tags) GROUP BY t.tag")
                .param("id", scope.id())
                .param("tags", tags)
                .query(rs -> {
                    byTag.put(rs.getString(1), rs.getInt(2));
                });
        }
        Set<PatchType> patchTypes = EnumSet.noneOf(PatchType.class);
        types.forEach(t -> patchTypes.add(PatchType.valueOf(t)));
        StandardTemplate.Shape shape = new StandardTemplate.Shape(patchTypes, Criticality.valueOf(criticality), reboot,
                assetCount, byTag);
        return templates.stream().filter(t -> t.fits(shape)).map(StandardTemplate::name).findFirst().orElse(null);
    }

    private static BigDecimal max(BigDecimal a, BigDecimal b) {
        return a == null ? b : b == null ? a : a.max(b);
    }

}
