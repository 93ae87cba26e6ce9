package io.patchflow.process;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

import io.patchflow.agent.AgentSettings;
import io.patchflow.agent.DeploymentPhase;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeProcess;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ProcessStep;
import io.patchflow.deployment.DeploymentProcess;
import io.patchflow.process.model.PatchChange;
import io.patchflow.security.Actor;
import io.patchflow.shared.ConflictException;

/** The change's process on the embedded engine; business key = change id. */
@Component
class ChangeProcessAdapter implements ChangeProcess, DeploymentProcess {

    private static final Map<DeploymentPhase, String> FINISHED = Map.of(DeploymentPhase.BACKUP,
            PatchChange.MSG_BACKUPS_FINISHED, DeploymentPhase.INSTALL, PatchChange.MSG_WAVE_FINISHED,
            DeploymentPhase.VERIFY, PatchChange.MSG_VERIFICATION_FINISHED, DeploymentPhase.ROLLBACK,
            PatchChange.MSG_ROLLBACK_FINISHED);

    // Activity types shown as steps on the change page; gateways and flows are plumbing.
    private static final List<String> STEP_TYPES = List.of("startEvent", "endEvent", "noneEndEvent", "userTask",
            "serviceTask", "businessRuleTask", "receiveTask", "intermediateTimer", "boundaryTimer", "messageStartEvent",
            "subProcess");

    private final RuntimeService runtime;

    private final HistoryService history;

    private final RepositoryService repository;

    private final ActingUser actingUser;

    private final AgentSettings agentSettings;

    ChangeProcessAdapter(RuntimeService runtime, HistoryService history, RepositoryService repository,
            ActingUser actingUser, AgentSettings agentSettings) {
        this.runtime = runtime;
        this.history = history;
        this.repository = repository;
        this.actingUser = actingUser;
        this.agentSettings = agentSettings;
    }

    @Override
    public String start(ChangeRequest change) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(PatchChange.VAR_CHANGE_ID, change.id().toString());
        variables.put(PatchChange.VAR_CUSTOMER_ID, change.customerId());
        variables.put(PatchChange.VAR_REQUESTER, change.requester());
        variables.put(PatchChange.VAR_OUTCOME, null);
        variables.put(PatchChange.VAR_AGENT_JOB_TIMEOUT, agentSettings.jobTimeout().toString());
        Actor requester = new Actor(change.requester(), java.util.Set.of(), java.util.Set.of(change.customerId()));
        return actingUser.call(requester,
                () -> runtime.createProcessInstanceByKey(PatchChange.PROCESS_KEY)
                    .businessKey(change.id().toString())
                    .processDefinitionWithoutTenantId()
                    .setVariables(variables)
                    .execute()
                    .getId());
    }

    @Override
    public void cancel(ChangeRequest change, Actor actor, String reason) {
        try {
            actingUser.run(actor,
                    () -> runtime.createMessageCorrelation(PatchChange.MSG_CANCEL_CHANGE)
                        .processInstanceBusinessKey(change.id().toString())
                        .setVariable(PatchChange.VAR_CANCELLED_BY, actor.username())
                        .setVariable(PatchChange.VAR_CANCEL_REASON, reason)
                        .correlateWithResult());
        }
        catch (MismatchingMessageCorrelationException e) {
            throw new ConflictException(
                    "cancellation refused: " + change.id() + " has left the cancellable part of its process"
                            + " (deployment has started or the change is closing)");
        }
        catch (OptimisticLockingException e) {
            // A job of the same instance ran (or was taken by the job executor)
            // meanwhile: worth another try.
            throw new OptimisticLockingFailureException("the process of " + change.id() + " moved on meanwhile", e);
        }
    }

    @Override
    public void agentJobsFinished(ChangeId change, DeploymentPhase phase) {
        runtime.createMessageCorrelation(FINISHED.get(phase))
            .processInstanceBusinessKey(change.toString())
            .correlateWithResult();
    }

    @Override
    public List<ProcessStep> steps(ChangeRequest change) {
        if (change.processInstanceId() == null) {
            return List.of();
        }
        return history.createHistoricActivityInstanceQuery()
            .processInstanceId(change.processInstanceId())
            .orderByHistoricActivityInstanceStartTime()
            .asc()
            .orderPartiallyByOccurrence()
            .asc()
            .list()
            .stream()
            .filter(a -> STEP_TYPES.contains(a.getActivityType()))
            .filter(a -> a.getActivityName() != null)
            // the requester started the process; the engine records no assignee for a
            // start event
            .map(a -> step(a,
                    a.getActivityId().equals(PatchChange.START_EVENT_CHANGE_SUBMITTED) ? change.requester()
                            : a.getAssignee()))
            .toList();
    }

    @Override
    public String diagram(ChangeRequest change) {
        String definition = change.processInstanceId() == null ? null
                : history.createHistoricProcessInstanceQuery()
                    .processInstanceId(change.processInstanceId())
                    .singleResult()
                    .getProcessDefinitionId();
        if (definition == null) {
            definition = repository.createProcessDefinitionQuery()
                .processDefinitionKey(PatchChange.PROCESS_KEY)
                .withoutTenantId()
                .latestVersion()
                .singleResult()
                .getId();
        }
        try (java.io.InputStream xml = repository.getProcessModel(definition)) {
            return new String(xml.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the process model " + definition, e);
        }
    }

    private static ProcessStep step(HistoricActivityInstance a, String performedBy) {
        return new ProcessStep(a.getActivityId(), a.getActivityName(), a.getActivityType(), time(a.getStartTime()),
                time(a.getEndTime()), performedBy, a.isCanceled());
    }

    private static OffsetDateTime time(Date date) {
        return date == null ? null : date.toInstant().atOffset(ZoneOffset.UTC);
    }

}
