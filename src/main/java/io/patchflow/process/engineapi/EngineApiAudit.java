package io.patchflow.process.engineapi;

import java.util.Optional;
import java.util.function.Supplier;

import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.history.HistoricProcessInstance;

import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeId;

/**
 * Audit entries for what people do, or try to do, through the engine REST API and the
 * webapps. When the path names something of one change (its process instance, a task, a
 * job, an incident), the entry goes on that change's trail; otherwise on the
 * installation's.
 */
final class EngineApiAudit {

    static final String ACTION = "ENGINE_API_ACTION";
    static final String REFUSED = "ENGINE_API_REFUSED";
    static final String FAILED = "ENGINE_API_FAILED";

    private final AuditTrail audit;

    private final Supplier<ProcessEngineServices> engine;

    EngineApiAudit(AuditTrail audit, Supplier<ProcessEngineServices> engine) {
        this.audit = audit;
        this.engine = engine;
    }

    void record(String kind, String user, String method, String path, String detail) {
        Owner owner = owner(path).orElse(new Owner(null, null));
        audit.record(owner.customerId(), owner.changeId(), user, kind,
                method + " " + path + (detail == null ? "" : ": " + detail));
    }

    private record Owner(String customerId, Long changeId) {
    }

    /** The change whose process the path points into, if any. */
    private Optional<Owner> owner(String path) {
        try {
            ProcessEngineServices services = engine.get();
            String processInstanceId = EngineObjects
                .find(path == null ? null : EngineApiRules.enginePath(path), services)
                .map(EngineObjects.Found::processInstanceId)
                .orElse(null);
            if (processInstanceId == null) {
                return Optional.empty();
            }
            HistoricProcessInstance instance = services.getHistoryService()
                .createHistoricProcessInstanceQuery()
                .processInstanceId(processInstanceId)
                .singleResult();
            if (instance == null || instance.getBusinessKey() == null
                    || !instance.getBusinessKey().startsWith("CHG-")) {
                return Optional.empty();
            }
            return Optional.of(new Owner(instance.getTenantId(), ChangeId.parse(instance.getBusinessKey()).value()));
        }
        catch (RuntimeException e) {
            // an id that is not one, or a lookup the engine refuses: the entry goes on
            // the installation's trail
            return Optional.empty();
        }
    }

}
