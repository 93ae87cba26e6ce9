package io.patchflow.changeview;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

import io.patchflow.approval.ApprovalService;
import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeProcess;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeService;
import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.deployment.DeploymentState;
import io.patchflow.patch.PatchCatalog;
import io.patchflow.risk.RiskAssessmentService;
import io.patchflow.schedule.ScheduleService;
import io.patchflow.patch.Patch;
import io.patchflow.security.Actor;
import io.patchflow.ticketing.TicketService;
import io.patchflow.vulnerability.CveIntel;
import io.patchflow.vulnerability.VulnerabilityIntel;

/**
 * The read side of a change: one page composed from what each feature says about it, each
 * asked through its own public API. Nothing here writes.
 */
@Service
public class ChangeDetailsService {

    private final ChangeService changes;

    private final ChangeLifecycle lifecycle;

    private final ChangeProcess process;

    private final Customers customers;

    private final PatchCatalog patches;

    private final DeploymentState deployment;

    private final RiskAssessmentService risk;

    private final ApprovalService approvals;

    private final TicketService tickets;

    private final AuditTrail audit;

    private final ScheduleService schedule;

    private final VulnerabilityIntel intel;

    ChangeDetailsService(ChangeService changes, ChangeLifecycle lifecycle, ChangeProcess process, Customers customers,
            PatchCatalog patches, DeploymentState deployment, RiskAssessmentService risk, ApprovalService approvals,
            TicketService tickets, AuditTrail audit, ScheduleService schedule, VulnerabilityIntel intel) {
        this.intel = intel;
        this.changes = changes;
        this.lifecycle = lifecycle;
        this.process = process;
        this.customers = customers;
        this.patches = patches;
        this.deployment = deployment;
        this.risk = risk;
        this.approvals = approvals;
        this.tickets = tickets;
        this.audit = audit;
        this.schedule = schedule;
    }

    /**
     * The change with everything known about it; 404 for a change the actor may not see.
     */
    public ChangeDetails details(Actor actor, ChangeId id) {
        ChangeRequest change = changes.get(actor, id);
        String customerName = customers.find(change.customerId()).map(Customer::name).orElse(change.customerId());
        List<Patch> found = patches.find(lifecycle.patchIds(id));
        // EPSS and the KEV catalog's dates for the patches' CVEs, in one query
        Map<String, CveIntel> cves = intel
            .lookup(found.stream().flatMap(p -> p.cves().stream()).map(c -> c.id()).distinct().toList());
        return new ChangeDetails(change, customerName, found, deployment.assets(id), risk.latest(id).orElse(null),
                approvals.decisions(id), tickets.ticketsOf(id.value()), process.steps(change),
                audit.ofChange(id.value()), changes.cancellable(actor, change), schedule.conflicts(id),
                lifecycle.healthChecks(id), cves);
    }

    /**
     * The change's audit trail as CSV, oldest first; 404 for a change the actor may not
     * see.
     */
    public String historyCsv(Actor actor, ChangeId id) {
        ChangeRequest change = changes.get(actor, id);
        return HistoryCsv.of(audit.ofChange(change.id().value()));
    }

}
