package io.patchflow.process.engineapi;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.repository.Resource;
import org.camunda.bpm.engine.runtime.Execution;

/**
 * The engine object a REST path names, looked up before Camunda answers: Camunda's REST
 * API answers a 500 for several paths under an id that does not exist (a task's
 * variables, a process instance's variable, a deployment's resource), so the filter
 * answers those 404 itself. The audit uses the same lookup to put an entry on the trail
 * of the change the object belongs to.
 */
final class EngineObjects {

    /**
     * What a path points at: its kind, whether it exists, and the process instance it is
     * part of, if any.
     */
    record Found(String kind, String id, boolean exists, String processInstanceId) {
    }

    private static final Pattern OBJECT = Pattern
        .compile("^/(process-instance|task|job|incident|execution|deployment|process-definition"
                + "|decision-definition|variable-instance|job-definition|batch|filter|history/process-instance)/([^/]+)(/.*)?$");

    private static final Pattern RESOURCE = Pattern.compile("^/resources/([^/]+)(/.*)?$");

    /**
     * The literal sub-paths of those collections in Camunda's REST API (read from its
     * resource interfaces): /process-definition/key/{key}, /process-instance/count and so
     * on are not ids.
     */
    private static final Pattern NOT_AN_ID = Pattern.compile("^(count|key|statistics|suspended|suspended-async|delete"
            + "|delete-historic-query-based|job-retries|job-retries-historic-query-based|message-async|variables-async|report|create"
            + "|registered|retries|set-removal-time|cleanable-batch-report|cleanable-decision-instance-report"
            + "|cleanable-process-instance-report)$");

    private EngineObjects() {
    }

    /** The object the engine path names, if it names one of the kinds above. */
    static Optional<Found> find(String enginePath, ProcessEngineServices engine) {
        if (enginePath == null) {
            return Optional.empty();
        }
        Matcher object = OBJECT.matcher(enginePath);
        if (!object.matches() || NOT_AN_ID.matcher(object.group(2)).matches()) {
            return Optional.empty();
        }
        String kind = object.group(1);
        String id = object.group(2);
        String rest = object.group(3) == null ? "" : object.group(3);
        if (kind.equals("process-instance")
                && engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(id).count() == 0) {
            // Camunda's /process-instance/{id}/... reads the running instance, an ended
            // one is "not found" there (but for its comments), though its history still
            // says whose it was
            String ended = historic(engine, id).map(HistoricProcessInstance::getId).orElse(null);
            return Optional.of(new Found(kind, id, ended != null && rest.startsWith("/comment"), ended));
        }
        if (kind.equals("task") && (rest.startsWith("/comment") || rest.startsWith("/attachment"))) {
            // comments and attachments of a completed task are served from history
            String historicTask = Optional
                .ofNullable(engine.getHistoryService().createHistoricTaskInstanceQuery().taskId(id).singleResult())
                .map(t -> t.getProcessInstanceId() == null ? "" : t.getProcessInstanceId())
                .orElse(null);
            return Optional.of(new Found(kind, id, historicTask != null,
                    historicTask == null || historicTask.isEmpty() ? null : historicTask));
        }
        String instance = switch (kind) {
            case "process-instance" -> id;
            case "history/process-instance" -> historic(engine, id).map(HistoricProcessInstance::getId).orElse(null);
            case "task" -> Optional.ofNullable(engine.getTaskService().createTaskQuery().taskId(id).singleResult())
                .map(t -> t.getProcessInstanceId() == null ? "" : t.getProcessInstanceId())
                .orElse(null);
            case "job" -> Optional.ofNullable(engine.getManagementService().createJobQuery().jobId(id).singleResult())
                .map(j -> j.getProcessInstanceId() == null ? "" : j.getProcessInstanceId())
                .orElse(null);
            case "incident" ->
                Optional.ofNullable(engine.getRuntimeService().createIncidentQuery().incidentId(id).singleResult())
                    .map(i -> i.getProcessInstanceId() == null ? "" : i.getProcessInstanceId())
                    .orElse(null);
            case "execution" ->
                Optional.ofNullable(engine.getRuntimeService().createExecutionQuery().executionId(id).singleResult())
                    .map(Execution::getProcessInstanceId)
                    .orElse(null);
            case "variable-instance" -> Optional
                .ofNullable(engine.getRuntimeService()
                    .createVariableInstanceQuery()
                    .variableId(id)
                    .disableBinaryFetching()
                    .disableCustomObjectDeserialization()
                    .singleResult())
                .map(v -> v.getProcessInstanceId() == null ? "" : v.getProcessInstanceId())
                .orElse(null);
            case "deployment" -> deploymentHas(engine, id, rest) ? "" : null;
            case "process-definition" ->
                engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionId(id).count() > 0 ? ""
                        : null;
            case "decision-definition" ->
                engine.getRepositoryService().createDecisionDefinitionQuery().decisionDefinitionId(id).count() > 0 ? ""
                        : null;
            case "job-definition" ->
                engine.getManagementService().createJobDefinitionQuery().jobDefinitionId(id).count() > 0 ? "" : null;
            case "batch" -> engine.getManagementService().createBatchQuery().batchId(id).count() > 0 ? "" : null;
            case "filter" -> engine.getFilterService().createFilterQuery().filterId(id).count() > 0 ? "" : null;
            default -> null;
        };
        return Optional
            .of(new Found(kind, id, instance != null, instance == null || instance.isEmpty() ? null : instance));
    }

    private static Optional<HistoricProcessInstance> historic(ProcessEngineServices engine, String id) {
        return Optional.ofNullable(
                engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(id).singleResult());
    }

    /** The deployment exists, and so does the resource the rest of the path names. */
    private static boolean deploymentHas(ProcessEngineServices engine, String id, String rest) {
        if (engine.getRepositoryService().createDeploymentQuery().deploymentId(id).count() == 0) {
            return false;
        }
        Matcher resource = RESOURCE.matcher(rest);
        return !resource.matches() || engine.getRepositoryService()
            .getDeploymentResources(id)
            .stream()
            .map(Resource::getId)
            .anyMatch(resource.group(1)::equals);
    }

}
