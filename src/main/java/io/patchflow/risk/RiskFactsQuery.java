package io.patchflow.risk;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.RiskAssessment;
import io.patchflow.patch.PatchType;

/**
 * Gathers a change's risk facts with a few aggregate queries, so a change over thousands of assets
 * costs the same handful of statements as a change over one.
 */
@Component
class RiskFactsQuery {

    // Most demanding first: a change that contains firmware is assessed as a firmware change.
    private static final List<PatchType> TYPE_PRECEDENCE =
            List.of(PatchType.FIRMWARE, PatchType.SECURITY, PatchType.APPLICATION, PatchType.MAINTENANCE);

    private final JdbcClient jdbc;

    RiskFactsQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    RiskAssessment.Facts factsOf(ChangeRequest change) {
        ChangeId id = change.id();
        record AssetFacts(int count, int maxCriticality, boolean internetFacing) { }
        AssetFacts assets = jdbc.sql("SELECT COUNT(*), "
                        + "MAX(CASE a.criticality WHEN 'CRITICAL' THEN 3 WHEN 'HIGH' THEN 2 WHEN 'MEDIUM' THEN 1 ELSE 0 END), "
                        + "SUM(CASE a.exposure WHEN 'INTERNET_FACING' THEN 1 ELSE 0 END) "
                        + "FROM change_asset ca JOIN asset a ON a.id = ca.asset_id WHERE ca.change_id = ?")
                .param(id.value())
                .query((rs, n) -> new AssetFacts(rs.getInt(1), rs.getInt(2), rs.getInt(3) > 0)).single();
        record PatchFacts(BigDecimal maxCvss, boolean exploited, boolean reboot, List<String> types) { }
        BigDecimal maxCvss = jdbc.sql("SELECT MAX(pc.cvss_score) FROM change_patch cp JOIN patch_cve pc ON pc.patch_id = cp.patch_id "
                + "WHERE cp.change_id = ?").param(id.value()).query(BigDecimal.class).optional().orElse(null);
        boolean exploited = jdbc.sql("SELECT COUNT(*) FROM change_patch cp JOIN patch_cve pc ON pc.patch_id = cp.patch_id "
                + "WHERE cp.change_id = ? AND pc.known_exploited").param(id.value()).query(Integer.class).single() > 0;
        boolean reboot = jdbc.sql("SELECT COUNT(*) FROM change_patch cp JOIN patch p ON p.id = cp.patch_id "
                + "WHERE cp.change_id = ? AND p.reboot_required").param(id.value()).query(Integer.class).single() > 0;
        List<String> types = jdbc.sql("SELECT DISTINCT p.patch_type FROM change_patch cp JOIN patch p ON p.id = cp.patch_id "
                + "WHERE cp.change_id = ?").param(id.value()).query(String.class).list();
        PatchType type = TYPE_PRECEDENCE.stream().filter(t -> types.contains(t.name())).findFirst().orElse(PatchType.MAINTENANCE);
        String criticality = List.of("LOW", "MEDIUM", "HIGH", "CRITICAL").get(assets.maxCriticality());
        return new RiskAssessment.Facts(maxCvss, exploited, criticality, assets.internetFacing(), type.name(), reboot,
                assets.count(), change.emergencyRequested());
    }
}
