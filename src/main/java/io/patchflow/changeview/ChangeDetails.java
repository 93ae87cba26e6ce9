package io.patchflow.changeview;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.patchflow.approval.ApprovalRecord;
import io.patchflow.audit.AuditEvent;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.HealthCheck;
import io.patchflow.change.ProcessStep;
import io.patchflow.deployment.ChangeAssetView;
import io.patchflow.patch.Patch;
import io.patchflow.risk.RiskAssessment;
import io.patchflow.schedule.ChangeConflict;
import io.patchflow.ticketing.Ticket;
import io.patchflow.vulnerability.CveIntel;

/**
 * Everything the change page, the task page and {@code GET /api/changes/{id}} show about
 * one change; {@code cves} is what is known of each of its patches' CVEs (EPSS, the KEV
 * catalog's dates, NVD's scores), by CVE id.
 */
public record ChangeDetails(ChangeRequest change, String customerName, List<Patch> patches,
        List<ChangeAssetView> assets, RiskAssessment assessment, List<ApprovalRecord> approvals, List<Ticket> tickets,
        List<ProcessStep> steps, List<AuditEvent> audit, boolean cancellable, List<ChangeConflict> conflicts,
        List<HealthCheck> healthChecks, Map<String, CveIntel> cves) {

    /**
     * How many of the change's assets are installed, failed, and in each state; in the
     * API's JSON as {@code progress}.
     */
    @JsonProperty("progress")
    public AssetProgress progress() {
        return AssetProgress.of(assets == null ? List.of() : assets);
    }

    /** The CVE's EPSS probability as a percentage ("12.3 %"), or null if unknown. */
    public String epss(String cveId) {
        CveIntel intel = cves == null ? null : cves.get(cveId);
        return intel == null || intel.epss() == null ? null
                : intel.epss().multiply(java.math.BigDecimal.valueOf(100)).setScale(1, java.math.RoundingMode.HALF_UP)
                        + " %";
    }

}
