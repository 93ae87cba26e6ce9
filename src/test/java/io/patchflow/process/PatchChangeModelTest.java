package io.patchflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.Task;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.approval.ApprovalStep;
import io.patchflow.process.model.PatchChange;
import io.patchflow.testsupport.RepositoryFiles;

/**
 * The conventions the code relies on, checked on bpmn/patch-change.bpmn itself, so an
 * analyst who edits the model learns at build time what the server expects of it. The
 * general ones (delegates, default flows, element ids) are checked on every model in
 * bpmn/.
 */
class PatchChangeModelTest {

    private static final BpmnModelInstance MODEL = Bpmn
        .readModelFromFile(RepositoryFiles.path("bpmn", "patch-change.bpmn").toFile());

    private static final List<BpmnModelInstance> ALL_MODELS = Arrays
        .stream(RepositoryFiles.path("bpmn").toFile().listFiles((dir, name) -> name.endsWith(".bpmn")))
        .sorted()
        .map(Bpmn::readModelFromFile)
        .toList();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<ApprovalStep> APPROVALS = Set.of(ApprovalStep.TECHNICAL_REVIEW, ApprovalStep.CAB_VOTE,
            ApprovalStep.EMERGENCY_APPROVAL, ApprovalStep.BACKUP_RESOLUTION, ApprovalStep.RETROSPECTIVE_REVIEW,
            ApprovalStep.BLACKOUT_APPROVAL);

    @Test
    void everyApprovalIsFourEyes() {
        for (UserTask task : MODEL.getModelElementsByType(UserTask.class)) {
            Map<String, String> properties = ModelProperties.of(task);
            String step = properties.get(PatchChange.PROP_DECISION_STEP);
            if (step != null && APPROVALS.contains(ApprovalStep.valueOf(step))) {
                assertThat(properties.get(PatchChange.PROP_FOUR_EYES)).as(task.getId()).isEqualTo("true");
            }
        }
    }

    @Test
    void everyUserTaskHasAGroupOrAssigneeADueDateAFormAndRecordsItsDecision() throws Exception {
        for (UserTask task : MODEL.getModelElementsByType(UserTask.class)) {
            assertThat(task.getCamundaCandidateGroups() != null || task.getCamundaAssignee() != null).as(task.getId())
                .isTrue();
            assertThat(task.getCamundaDueDate()).as(task.getId()).isNotBlank();
            List<CamundaTaskListener> listeners = task.getExtensionElements()
                .getElementsQuery()
                .filterByType(CamundaTaskListener.class)
                .list();
            assertThat(listeners).as(task.getId())
                .anyMatch(l -> "complete".equals(l.getCamundaEvent())
                        && "${recordDecisionListener}".equals(l.getCamundaDelegateExpression()));
            // the form's fields start empty, so no round decides with an earlier one's
            // answers
            assertThat(listeners).as(task.getId())
                .anyMatch(l -> "create".equals(l.getCamundaEvent())
                        && "${recordDecisionListener}".equals(l.getCamundaDelegateExpression()));

            String formRef = task.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "formRef");
            Path form = RepositoryFiles.path("forms", formRef + ".form");
            assertThat(form).as(task.getId()).exists();
            JsonNode schema = JSON.readTree(Files.readString(form));
            assertThat(schema.path("id").asText()).isEqualTo(formRef);

            // the decision's allowed values are exactly the form's choices
            Map<String, String> properties = ModelProperties.of(task);
            String variable = properties.get(PatchChange.PROP_DECISION_VARIABLE);
            assertThat(variable).as(task.getId()).isNotBlank();
            JsonNode field = fields(schema).get(variable);
            assertThat(field).as(task.getId() + " form field " + variable).isNotNull();
            if (properties.containsKey(PatchChange.PROP_DECISION_VALUES)) {
                List<String> offered = field.path("values").findValuesAsText("value");
                assertThat(offered).as(task.getId())
                    .containsExactlyInAnyOrderElementsOf(
                            Arrays.asList(properties.get(PatchChange.PROP_DECISION_VALUES).split(",")));
            }
        }
    }

    @Test
    void everyServiceStepCallsAnExistingBeanByDelegateExpression() {
        Set<String> beans = delegateBeans();
        for (Task task : ALL_MODELS.stream().flatMap(m -> m.getModelElementsByType(Task.class).stream()).toList()) {
            if (task instanceof UserTask || task.getElementType().getTypeName().equals("receiveTask")) {
                continue;
            }
            String expression = task.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "delegateExpression");
            assertThat(expression).as(task.getId()).matches("\\$\\{[a-zA-Z]+}");
            assertThat(beans).as(task.getId()).contains(expression.substring(2, expression.length() - 1));
        }
    }

    @Test
    void stepsThatReachOtherSystemsAreAsynchronousWithRetries() {
        Set<String> reachOut = Set.of("addTicketNoteDelegate", "recordApprovalDelegate", "escalateApprovalDelegate",
                "requestBackupsDelegate", "startDeploymentDelegate", "dispatchWaveDelegate",
                "requestVerificationDelegate", "requestRollbackDelegate", "openIncidentDelegate", "assessRiskDelegate");
        for (ServiceTask task : MODEL.getModelElementsByType(ServiceTask.class)) {
            String bean = task.getCamundaDelegateExpression().replaceAll("[${}]", "");
            if (reachOut.contains(bean)) {
                assertThat(task.isCamundaAsyncBefore()).as(task.getId()).isTrue();
                assertThat(task.getExtensionElements()
                    .getDomElement()
                    .getChildElements()
                    .stream()
                    .anyMatch(e -> e.getLocalName().equals("failedJobRetryTimeCycle"))).as(task.getId()).isTrue();
            }
        }
    }

    @Test
    void everyServiceTaskOfTheProposalRunIsAsynchronousWithRetries() {
        BpmnModelInstance proposals = Bpmn
            .readModelFromFile(RepositoryFiles.path("bpmn", "patch-proposals.bpmn").toFile());
        for (ServiceTask task : proposals.getModelElementsByType(ServiceTask.class)) {
            assertThat(task.isCamundaAsyncBefore()).as(task.getId()).isTrue();
        }
    }

    @Test
    void everyDivergingGatewayHasADefaultFlow() {
        for (ExclusiveGateway gateway : ALL_MODELS.stream()
            .flatMap(m -> m.getModelElementsByType(ExclusiveGateway.class).stream())
            .toList()) {
            if (gateway.getOutgoing().size() > 1) {
                assertThat(gateway.getDefault()).as(gateway.getId()).isNotNull();
            }
        }
    }

    @Test
    void elementIdsFollowTheNamingGuide() {
        assertThat(ALL_MODELS).hasSizeGreaterThanOrEqualTo(2);
        for (FlowElement element : ALL_MODELS.stream()
            .flatMap(m -> m.getModelElementsByType(FlowElement.class).stream())
            .toList()) {
            assertThat(element.getId())
                .matches("(StartEvent|EndEvent|Task|Gateway|Timer|SubProcess|Flow)_[A-Z][A-Za-z0-9]+");
        }
    }

    @Test
    void theProcessStartsWhereTheCodeCreditsTheRequester() {
        assertThat(MODEL.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class)
            .iterator()
            .next()
            .getFlowElements()).filteredOn(e -> e instanceof org.camunda.bpm.model.bpmn.instance.StartEvent)
            .extracting(FlowElement::getId)
            .containsExactly(PatchChange.START_EVENT_CHANGE_SUBMITTED);
    }

    @Test
    void messagesAreTheOnesTheCodeCorrelates() {
        assertThat(MODEL.getModelElementsByType(Message.class)).extracting(Message::getName)
            .containsExactlyInAnyOrder(PatchChange.MSG_CANCEL_CHANGE, PatchChange.MSG_BACKUPS_FINISHED,
                    PatchChange.MSG_WAVE_FINISHED, PatchChange.MSG_VERIFICATION_FINISHED,
                    PatchChange.MSG_ROLLBACK_FINISHED);
    }

    @Test
    void escalationsNameTasksThatExist() {
        for (ServiceTask task : MODEL.getModelElementsByType(ServiceTask.class)) {
            if ("${escalateApprovalDelegate}".equals(task.getCamundaDelegateExpression())) {
                String overdue = task.getExtensionElements()
                    .getElementsQuery()
                    .filterByType(CamundaInputOutput.class)
                    .singleResult()
                    .getCamundaInputParameters()
                    .stream()
                    .filter(p -> PatchChange.INPUT_OVERDUE_TASK.equals(p.getCamundaName()))
                    .findFirst()
                    .orElseThrow()
                    .getTextContent();
                BaseElement target = MODEL.getModelElementById(overdue);
                assertThat(target).as(task.getId()).isInstanceOf(UserTask.class);
                // the overdue task carries the timer that leads to this escalation
                assertThat(MODEL.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.BoundaryEvent.class))
                    .anyMatch(b -> b.getAttachedTo() == target
                            && b.getOutgoing().stream().anyMatch(f -> f.getTarget() == task));
            }
        }
    }

    private static Map<String, JsonNode> fields(JsonNode schema) {
        Map<String, JsonNode> fields = new HashMap<>();
        schema.path("components").forEach(c -> {
            if (c.hasNonNull("key")) {
                fields.put(c.get("key").asText(), c);
            }
        });
        return fields;
    }

    private static Set<String> delegateBeans() {
        return Arrays.stream(new File("src/main/java/io/patchflow/process/delegate").listFiles())
            .map(f -> f.getName().replace(".java", ""))
            .filter(n -> n.endsWith("Delegate"))
            .map(n -> {
                try {
                    return Class.forName("io.patchflow.process.delegate." + n).getAnnotation(Component.class).value();
                }
                catch (ClassNotFoundException e) {
                    throw new AssertionError(e);
                }
            })
            .collect(Collectors.toSet());
    }

}
