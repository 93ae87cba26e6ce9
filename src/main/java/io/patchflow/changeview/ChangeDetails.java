package io.patchflow.changeview;

import java.util.List;

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

/** Everything the change page and {@code GET /api/changes/{id}} show about one change. */
public record ChangeDetails(ChangeRequest change, String customerName, List<Patch> patches,
        List<ChangeAssetView> assets, RiskAssessment assessment, List<ApprovalRecord> approvals, List<Ticket> tickets,
        List<ProcessStep> steps, List<AuditEvent> audit, boolean cancellable, List<ChangeConflict> conflicts,
        List<HealthCheck> healthChecks) {
}
