package io.patchflow.process.engineapi;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;

import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeId;

/**
 * Audit entries for what people do, or try to do, through the engine REST API and the webapps.
 * When the path names something of one change (its process instance, a task, a job, an
 * incident), the entry goes on that change's trail; otherwise on the installation's.
 */
final class EngineApiAudit {

    static final String ACTION = "ENGINE_API_ACTION";
    static final String REFUSED = "ENGINE_API_REFUSED";
    static final String FAILED = "ENGINE_API_FAILED";

    private static final Pattern OBJECT = Pattern.compile("^/(process-instance|task|job|incident|execution|history/process-instance)/([^/]+)(/.*)?$");

    private final AuditTrail audit;
    private final Supplier<ProcessEngineServices> engine;

    EngineApiAudit(AuditTrail audit, Supplier<ProcessEngineServices> engine) {
        this.audit = audit;
        this.engine = engine;
    }

    void record(String kind, String user, String method, String path, String detail) {
        Owner owner = owner(path).orElse(new Owner(null, null));
        audit.record(owner.customerId(), owner.changeId(), user, kind, method + " " + path + (detail == null ? "" : ": " + detail));
    }

    private record Owner(String customerId, Long changeId) {
    }

    /** The change whose process the path points into, if any. */
    private Optional<Owner> owner(String path) {
        String enginePath = path == null ? null : EngineApiRules.enginePath(path);
        if (enginePath == null) {
            return Optional.empty();
        }
        Matcher object = OBJECT.matcher(enginePath);
        if (!object.matches()) {
            return Optional.empty();
        }
        String id = object.group(2);
        try {
            ProcessEngineServices services = engine.get();
            String processInstanceId = switch (object.group(1)) {
                case "process-instance", "history/process-instance" -> id;
                case "task" -> Optional.ofNullable(services.getTaskService().createTaskQuery().taskId(id).singleResult())
                        .map(Task::getProcessInstanceId).orElse(null);
                case "job" -> Optional.ofNullable(services.getManagementService().createJobQuery().jobId(id).singleResult())
                        .map(Job::getProcessInstanceId).orElse(null);
                case "incident" -> Optional.ofNullable(services.getRuntimeService().createIncidentQuery().incidentId(id).singleResult())
                        .map(Incident::getProcessInstanceId).orElse(null);
                case "execution" -> Optional.ofNullable(services.getRuntimeService().createExecutionQuery().executionId(id).singleResult())
                        .map(org.camunda.bpm.engine.runtime.Execution::getProcessInstanceId).orElse(null);
                default -> null;
            };
            if (processInstanceId == null) {
                return Optional.empty();
            }
            HistoricProcessInstance instance = services.getHistoryService().createHistoricProcessInstanceQuery()
                    .processInstanceId(processInstanceId).singleResult();
            if (instance == null || instance.getBusinessKey() == null || !instance.getBusinessKey().startsWith("CHG-")) {
                return Optional.empty();
            }
            return Optional.of(new Owner(instance.getTenantId(), ChangeId.parse(instance.getBusinessKey()).value()));
        } catch (RuntimeException e) {
            // An id that is not one, or a lookup the engine refuses: the entry goes on the installation's trail.
            return Optional.empty();
        }
    }
}
