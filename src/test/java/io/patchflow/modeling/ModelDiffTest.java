package io.patchflow.modeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.patchflow.modeling.ModelDiff.Change;
import io.patchflow.modeling.ModelDiff.Diff;
import io.patchflow.modeling.ModelDiff.ElementChange;
import io.patchflow.modeling.ModelDiff.PropertyChange;
import io.patchflow.modeling.ModelFile.Kind;
import io.patchflow.testsupport.RepositoryFiles;

/**
 * The version diff on the shipped models: what a person would call a change is listed
 * with its id, and nothing else is.
 */
class ModelDiffTest {

    static final ModelFile PROCESS = shipped("bpmn/patch-change.bpmn");

    static final ModelFile DECISIONS = shipped("bpmn/change-risk.dmn");

    static final ModelFile FORM = shipped("forms/review-change.form");

    static final ObjectMapper JSON = new ObjectMapper();

    // --- what is not a change

    @ParameterizedTest
    @ValueSource(strings = { "bpmn/patch-change.bpmn", "bpmn/patch-proposals.bpmn", "bpmn/change-risk.dmn",
            "forms/review-change.form", "forms/decide-wave-gate.form" })
    void aShippedModelComparedWithItselfHasNoChanges(String path) {
        ModelFile file = shipped(path);

        Diff diff = ModelDiff.of(file, file);

        assertThat(diff.changes()).isEmpty();
        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.file()).isEqualTo(file.name());
    }

    @ParameterizedTest
    @ValueSource(strings = { "bpmn/patch-change.bpmn", "bpmn/patch-proposals.bpmn", "bpmn/change-risk.dmn" })
    void movingShapesIsNoChange(String path) {
        ModelFile file = shipped(path);
        ModelFile moved = rewritten(file, ModelDiffTest::moveShapes);

        assertThat(ModelDiff.of(file, moved).changes()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "bpmn/patch-change.bpmn", "bpmn/patch-proposals.bpmn", "bpmn/change-risk.dmn" })
    void reorderingAttributesIsNoChange(String path) {
        ModelFile file = shipped(path);
        ModelFile reordered = rewritten(file, ModelDiffTest::reverseAttributes);

        assertThat(ModelDiff.of(file, reordered).changes()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "bpmn/patch-change.bpmn", "bpmn/patch-proposals.bpmn", "bpmn/change-risk.dmn" })
    void reindentingIsNoChange(String path) {
        ModelFile file = shipped(path);
        ModelFile reindented = rewritten(file, ModelDiffTest::reindent);

        assertThat(ModelDiff.of(file, reindented).changes()).isEmpty();
    }

    @Test
    void otherNamespacePrefixesAreNoChange() {
        ModelFile renamed = rewritten(PROCESS,
                text -> replaceInTags(text, Pattern.compile("\\b(bpmn|camunda):"),
                        m -> m.group(1).equals("bpmn") ? "semantic:" : "cam:")
                    .replace("xmlns:bpmn=", "xmlns:semantic=")
                    .replace("xmlns:camunda=", "xmlns:cam=")
                    .replace("\"bpmn:tFormalExpression\"", "\"semantic:tFormalExpression\""));

        assertThat(renamed.text()).contains("<semantic:userTask").contains("cam:formRef=");
        assertThat(ModelDiff.of(PROCESS, renamed).changes()).isEmpty();
    }

    @Test
    void listenersAndPropertiesInAnotherOrderAreNoChange() {
        String listeners = "<camunda:taskListener delegateExpression=\"${recordDecisionListener}\" event=\"create\" />"
                + "<camunda:taskListener delegateExpression=\"${recordDecisionListener}\" event=\"complete\" />";
        String task = element(PROCESS, "Task_ReviewTechnically");
        String swapped = task.replace(listeners,
                "<camunda:taskListener event=\"complete\" delegateExpression=\"${recordDecisionListener}\" />"
                        + "<camunda:taskListener event=\"create\" delegateExpression=\"${recordDecisionListener}\" />")
            .replace("<camunda:property name=\"decisionStep\" value=\"TECHNICAL_REVIEW\" />", "")
            .replace("<camunda:property name=\"fourEyes\" value=\"true\" />",
                    "<camunda:property name=\"fourEyes\" value=\"true\" />"
                            + "<camunda:property value=\"TECHNICAL_REVIEW\" name=\"decisionStep\" />");
        assertThat(swapped).isNotEqualTo(task);

        assertThat(ModelDiff.of(PROCESS, edit(PROCESS, task, swapped)).changes()).isEmpty();
    }

    @Test
    void schemaDefaultsWrittenOrLeftOutAreNoChange() {
        // bpmn-js saves the cancellation start event without isInterrupting="true"; other
        // tools write defaults the shipped model leaves out
        ModelFile resaved = rewritten(PROCESS, text -> text.replace(" isInterrupting=\"true\"", "")
            .replace("<bpmn:boundaryEvent id=\"Timer_WaveTimeout\"",
                    "<bpmn:boundaryEvent cancelActivity=\"true\" id=\"Timer_WaveTimeout\"")
            .replace("<bpmn:exclusiveGateway id=\"Gateway_Approved\"",
                    "<bpmn:exclusiveGateway gatewayDirection=\"Unspecified\" id=\"Gateway_Approved\"")
            .replace("<bpmn:serviceTask id=\"Task_RecordApproval\"",
                    "<bpmn:serviceTask isForCompensation=\"false\" startQuantity=\"1\" id=\"Task_RecordApproval\""));
        assertThat(resaved.text()).doesNotContain("isInterrupting").contains("cancelActivity=\"true\"");

        assertThat(ModelDiff.of(PROCESS, resaved).changes()).isEmpty();
    }

    @Test
    void aValueOtherThanTheDefaultIsAChange() {
        ModelFile after = edit(PROCESS, " isInterrupting=\"true\"", " isInterrupting=\"false\"");

        assertChanged(ModelDiff.of(PROCESS, after), "StartEvent_CancelRequested", "startEvent",
                new PropertyChange("isInterrupting", null, "false"));
    }

    @Test
    void aFormWithItsKeysReorderedReindentedAndOtherLayoutRowsIsNoChange() throws IOException {
        ObjectNode form = (ObjectNode) JSON.readTree(FORM.content());
        ObjectNode reversed = reverseKeys(form);
        reversed.withArray("components")
            .forEach(component -> ((ObjectNode) component).putObject("layout")
                .put("row", "Row_" + component.path("id").asText()));
        reversed.putObject("exporter").put("name", "Camunda Modeler").put("version", "5.30.0");
        ModelFile rewritten = new ModelFile(FORM.name(), JSON.writeValueAsBytes(reversed));
        assertThat(rewritten.text()).doesNotContain("\n").isNotEqualTo(FORM.text());

        assertThat(ModelDiff.of(FORM, rewritten).changes()).isEmpty();
    }

    // --- BPMN

    @Test
    void anAddedTaskIsListedWithWhatItHas() {
        ModelFile after = edit(PROCESS, "<bpmn:endEvent id=",
                "<bpmn:userTask id=\"Task_CheckFirmware\" name=\"Check firmware\" camunda:formRef=\"review-change\""
                        + " camunda:candidateGroups=\"firmware-team\"><bpmn:incoming>Flow_X</bpmn:incoming>"
                        + "<bpmn:outgoing>Flow_Y</bpmn:outgoing></bpmn:userTask><bpmn:endEvent id=",
                1);

        Diff diff = ModelDiff.of(PROCESS, after);

        ElementChange added = only(diff);
        assertThat(added).extracting(ElementChange::id, ElementChange::type, ElementChange::name, ElementChange::change)
            .containsExactly("Task_CheckFirmware", "userTask", "Check firmware", Change.ADDED);
        assertThat(added.properties()).containsExactlyInAnyOrder(
                new PropertyChange("camunda:candidateGroups", null, "firmware-team"),
                new PropertyChange("camunda:formRef", null, "review-change"),
                new PropertyChange("name", null, "Check firmware"));
        assertThat(diff.ids(Change.ADDED)).containsExactly("Task_CheckFirmware");
        assertThat(diff.ids(Change.CHANGED)).isEmpty();
    }

    @Test
    void aTaskAddedInsideASubProcessDoesNotChangeTheSubProcess() {
        String start = "<bpmn:startEvent id=\"StartEvent_Preparation\" name=\"Preparation started\">";
        ModelFile after = edit(PROCESS, start,
                "<bpmn:serviceTask id=\"Task_CheckBackups\" camunda:delegateExpression=\"${checkBackupsDelegate}\" />"
                        + start);

        ElementChange added = only(ModelDiff.of(PROCESS, after));

        assertThat(added).extracting(ElementChange::id, ElementChange::change)
            .containsExactly("Task_CheckBackups", Change.ADDED);
        assertThat(added.properties())
            .containsExactly(new PropertyChange("camunda:delegateExpression", null, "${checkBackupsDelegate}"));
    }

    @Test
    void aRemovedFlowIsListedWithWhatItHad() {
        String flow = element(PROCESS, "Flow_Deploy");

        ElementChange removed = only(ModelDiff.of(PROCESS, edit(PROCESS, flow, "")));

        assertThat(removed)
            .extracting(ElementChange::id, ElementChange::type, ElementChange::name, ElementChange::change)
            .containsExactly("Flow_Deploy", "sequenceFlow", "approved and ready", Change.REMOVED);
        assertThat(removed.properties()).containsExactlyInAnyOrder(
                new PropertyChange("name", "approved and ready", null),
                new PropertyChange("sourceRef", "Gateway_ReadyToDeploy", null),
                new PropertyChange("targetRef", "Task_StartDeployment", null),
                new PropertyChange("conditionExpression", "${outcome == null}", null));
    }

    @Test
    void aChangedDelegateExpression() {
        ModelFile after = edit(PROCESS, "camunda:delegateExpression=\"${startDeploymentDelegate}\"",
                "camunda:delegateExpression=\"${startRolloutDelegate}\"");

        assertChanged(ModelDiff.of(PROCESS, after), "Task_StartDeployment", "serviceTask", new PropertyChange(
                "camunda:delegateExpression", "${startDeploymentDelegate}", "${startRolloutDelegate}"));
    }

    @Test
    void aChangedFormReference() {
        ModelFile after = edit(PROCESS, "camunda:formRef=\"decide-wave-gate\"",
                "camunda:formRef=\"decide-wave-gate-v2\"");

        assertChanged(ModelDiff.of(PROCESS, after), "Task_DecideWaveGate", "userTask",
                new PropertyChange("camunda:formRef", "decide-wave-gate", "decide-wave-gate-v2"));
    }

    @Test
    void anAddedListenerIsNamedByItsEvent() {
        String task = element(PROCESS, "Task_ReviewTechnically");
        ModelFile after = edit(PROCESS, task,
                task.replace("</bpmn:extensionElements>",
                        "<camunda:taskListener delegateExpression=\"${notifyAssigneeListener}\" event=\"assignment\" />"
                                + "</bpmn:extensionElements>"));

        assertChanged(ModelDiff.of(PROCESS, after), "Task_ReviewTechnically", "userTask", new PropertyChange(
                "camunda:taskListener assignment", null, "delegateExpression=${notifyAssigneeListener}"));
    }

    @Test
    void aSecondListenerOnOneEventIsListedWithTheFirst() {
        String task = element(PROCESS, "Task_ReviewTechnically");
        ModelFile after = edit(PROCESS, task, task.replaceFirst("<camunda:taskListener ", Matcher.quoteReplacement(
                "<camunda:taskListener expression=\"${audit.note(task)}\" event=\"create\" /><camunda:taskListener ")));

        assertChanged(ModelDiff.of(PROCESS, after), "Task_ReviewTechnically", "userTask",
                new PropertyChange("camunda:taskListener create", "delegateExpression=${recordDecisionListener}",
                        "delegateExpression=${recordDecisionListener}; expression=${audit.note(task)}"));
    }

    @Test
    void aChangedInputMapping() {
        ModelFile after = edit(PROCESS, "<camunda:inputParameter name=\"phase\">INSTALL</camunda:inputParameter>",
                "<camunda:inputParameter name=\"phase\"><camunda:list><camunda:value>INSTALL</camunda:value>"
                        + "<camunda:value>VERIFY</camunda:value></camunda:list></camunda:inputParameter>");

        assertChanged(ModelDiff.of(PROCESS, after), "Task_ExpireWaveJobs", "serviceTask",
                new PropertyChange("camunda:inputParameter phase", "INSTALL", "[INSTALL, VERIFY]"));
    }

    @Test
    void mapsInMappingsCompareByKey() {
        String mapping = "<camunda:inputParameter name=\"phase\">INSTALL</camunda:inputParameter>";
        ModelFile before = edit(PROCESS, mapping, mapping + "<camunda:outputParameter name=\"limits\"><camunda:map>"
                + "<camunda:entry key=\"retries\">3</camunda:entry><camunda:entry key=\"batch\">50</camunda:entry>"
                + "</camunda:map></camunda:outputParameter>");
        ModelFile reordered = edit(PROCESS, mapping,
                mapping + "<camunda:outputParameter name=\"limits\">"
                        + "<camunda:map><camunda:entry key=\"batch\">50</camunda:entry>"
                        + "<camunda:entry key=\"retries\">3</camunda:entry></camunda:map></camunda:outputParameter>");
        ModelFile changed = edit(PROCESS, mapping,
                mapping + "<camunda:outputParameter name=\"limits\">"
                        + "<camunda:map><camunda:entry key=\"batch\">20</camunda:entry>"
                        + "<camunda:entry key=\"retries\">3</camunda:entry></camunda:map></camunda:outputParameter>");

        assertThat(ModelDiff.of(before, reordered).changes()).isEmpty();
        assertChanged(ModelDiff.of(before, changed), "Task_ExpireWaveJobs", "serviceTask", new PropertyChange(
                "camunda:outputParameter limits", "{batch: 50, retries: 3}", "{batch: 20, retries: 3}"));
    }

    @Test
    void aChangedCondition() {
        ModelFile after = edit(PROCESS, ">${outcome == null}<", ">${outcome == null and ready}<");

        assertChanged(ModelDiff.of(PROCESS, after), "Flow_Deploy", "sequenceFlow",
                new PropertyChange("conditionExpression", "${outcome == null}", "${outcome == null and ready}"));
    }

    @Test
    void aChangedCamundaProperty() {
        String task = element(PROCESS, "Task_ReviewTechnically");
        ModelFile after = edit(PROCESS, task, task.replace("<camunda:property name=\"fourEyes\" value=\"true\" />",
                "<camunda:property name=\"fourEyes\" value=\"false\" />"));

        assertChanged(ModelDiff.of(PROCESS, after), "Task_ReviewTechnically", "userTask",
                new PropertyChange("camunda:property fourEyes", "true", "false"));
    }

    @Test
    void aChangedTimer() {
        String timer = element(PROCESS, "Timer_CabOverdue");
        ModelFile after = edit(PROCESS, timer, timer.replace("${approvalDeadline}", "PT48H"));

        assertChanged(ModelDiff.of(PROCESS, after), "Timer_CabOverdue", "boundaryEvent",
                new PropertyChange("timerEventDefinition timeDuration", "${approvalDeadline}", "PT48H"));
    }

    @Test
    void aChangedRetryCycleAndCompletionCondition() {
        String task = element(PROCESS, "Task_StartDeployment");
        ModelFile after = edit(PROCESS, task, task.replace("PT10S,PT1M,PT5M,PT15M", "PT1M,PT10M"));
        String cab = element(PROCESS, "Task_ApproveChange");
        ModelFile vote = edit(PROCESS, cab, cab.replace("cabInfoRequests &gt; 0}", "cabInfoRequests &gt; 1}"));

        assertChanged(ModelDiff.of(PROCESS, after), "Task_StartDeployment", "serviceTask",
                new PropertyChange("camunda:failedJobRetryTimeCycle", "PT10S,PT1M,PT5M,PT15M", "PT1M,PT10M"));
        ElementChange changed = only(ModelDiff.of(PROCESS, vote));
        assertThat(changed.properties())
            .containsExactly(new PropertyChange("multiInstanceLoopCharacteristics completionCondition",
                    "${cabApprovals >= cabQuorum or cabRejections > cabSeats - cabQuorum or cabInfoRequests > 0}",
                    "${cabApprovals >= cabQuorum or cabRejections > cabSeats - cabQuorum or cabInfoRequests > 1}"));
    }

    @Test
    void aServiceTaskMadeAUserTaskIsChangedNotReplaced() {
        String task = element(PROCESS, "Task_EvaluateWaveGate");
        ModelFile after = edit(PROCESS, task, task.replace("bpmn:serviceTask", "bpmn:userTask"));

        assertChanged(ModelDiff.of(PROCESS, after), "Task_EvaluateWaveGate", "userTask",
                new PropertyChange(ModelDiff.TYPE, "serviceTask", "userTask"));
    }

    /**
     * A model as other tools draw it: a pool, lanes, a call activity, data and events.
     */
    static final ModelFile COLLABORATION = file("firmware.bpmn", """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:signavio="http://www.signavio.com"
                id="Definitions_Firmware" targetNamespace="https://patchflow.io/bpmn">
              <bpmn:collaboration id="Collaboration_Firmware">
                <bpmn:participant id="Participant_Ops" name="Operations" processRef="firmware" />
                <bpmn:participant id="Participant_Vendor" name="Vendor" />
                <bpmn:messageFlow id="MessageFlow_Order" sourceRef="Task_Order" targetRef="Participant_Vendor" />
              </bpmn:collaboration>
              <bpmn:process id="firmware" isExecutable="true" camunda:historyTimeToLive="P30D">
                <bpmn:laneSet id="LaneSet_Firmware">
                  <bpmn:lane id="Lane_Ops" name="Operations">
                    <bpmn:flowNodeRef>Task_Order</bpmn:flowNodeRef>
                    <bpmn:flowNodeRef>Task_Install</bpmn:flowNodeRef>
                  </bpmn:lane>
                  <bpmn:lane id="Lane_Security" name="Security">
                    <bpmn:flowNodeRef>Task_Assess</bpmn:flowNodeRef>
                  </bpmn:lane>
                </bpmn:laneSet>
                <bpmn:businessRuleTask id="Task_Assess" name="Assess risk" camunda:decisionRef="change-risk"
                    camunda:resultVariable="risk" camunda:mapDecisionResult="singleEntry" />
                <bpmn:callActivity id="Task_Install" name="Install firmware" calledElement="install-firmware">
                  <bpmn:extensionElements>
                    <signavio:signavioMetaData metaKey="bgcolor" metaValue="#ffffff" />
                    <camunda:in businessKey="#{execution.processBusinessKey}" />
                    <camunda:in source="assets" target="targets" />
                    <camunda:in variables="all" />
                    <camunda:out source="result" target="installResult" />
                  </bpmn:extensionElements>
                </bpmn:callActivity>
                <bpmn:sendTask id="Task_Order" name="Order firmware" camunda:delegateExpression="${orderDelegate}" />
                <bpmn:dataStoreReference id="DataStore_Cmdb" dataStoreRef="Cmdb" />
              </bpmn:process>
              <bpmn:dataStore id="Cmdb" name="CMDB" />
              <bpmn:message id="Message_Ordered" name="ordered" />
              <bpmn:signal id="Signal_Stop" name="stop" />
              <bpmn:error id="Error_Backup" name="backup failed" errorCode="BACKUP_FAILED" />
            </bpmn:definitions>
            """);

    @Test
    void poolsLanesDataAndEventsAreElementsTooButNotTheLaneSet() {
        Diff diff = ModelDiff.of(null, COLLABORATION);

        assertThat(diff.ids(Change.ADDED)).containsExactly("Collaboration_Firmware", "Participant_Ops",
                "Participant_Vendor", "MessageFlow_Order", "firmware", "Lane_Ops", "Lane_Security", "Task_Assess",
                "Task_Install", "Task_Order", "DataStore_Cmdb", "Cmdb", "Message_Ordered", "Signal_Stop",
                "Error_Backup");
        assertThat(diff.changes().get(8).properties()).containsExactly(
                new PropertyChange("calledElement", null, "install-firmware"),
                new PropertyChange("name", null, "Install firmware"),
                new PropertyChange("signavio:signavioMetaData metaKey", null, "bgcolor"),
                new PropertyChange("signavio:signavioMetaData metaValue", null, "#ffffff"),
                new PropertyChange("camunda:in businessKey", null, "businessKey=#{execution.processBusinessKey}"),
                new PropertyChange("camunda:in targets", null, "source=assets"),
                new PropertyChange("camunda:in variables", null, "variables=all"),
                new PropertyChange("camunda:out installResult", null, "source=result"));
    }

    @Test
    void aTaskMovedToAnotherLaneChangesBothLanes() {
        ModelFile after = edit(edit(COLLABORATION, "<bpmn:flowNodeRef>Task_Install</bpmn:flowNodeRef>", ""),
                "<bpmn:flowNodeRef>Task_Assess</bpmn:flowNodeRef>",
                "<bpmn:flowNodeRef>Task_Install</bpmn:flowNodeRef><bpmn:flowNodeRef>Task_Assess</bpmn:flowNodeRef>");

        Diff diff = ModelDiff.of(COLLABORATION, after);

        assertThat(diff.ids(Change.CHANGED)).containsExactly("Lane_Ops", "Lane_Security");
        assertThat(diff.changes().get(0).properties())
            .containsExactly(new PropertyChange("flowNodeRef", "Task_Install; Task_Order", "Task_Order"));
        assertThat(diff.changes().get(1).properties())
            .containsExactly(new PropertyChange("flowNodeRef", "Task_Assess", "Task_Assess; Task_Install"));
    }

    @Test
    void changedDecisionAndCallReferencesAndVariableMappings() {
        ModelFile after = edit(
                edit(edit(COLLABORATION, "camunda:decisionRef=\"change-risk\"",
                        "camunda:decisionRef=\"change-risk-v2\""),
                        "<camunda:in source=\"assets\" target=\"targets\" />",
                        "<camunda:in target=\"targets\" source=\"assetIds\" local=\"true\" />"),
                "<camunda:in variables=\"all\" />", "");

        Diff diff = ModelDiff.of(COLLABORATION, after);

        assertThat(diff.ids(Change.CHANGED)).containsExactly("Task_Assess", "Task_Install");
        assertThat(diff.changes().get(0).properties())
            .containsExactly(new PropertyChange("camunda:decisionRef", "change-risk", "change-risk-v2"));
        assertThat(diff.changes().get(1).properties()).containsExactly(
                new PropertyChange("camunda:in targets", "source=assets", "local=true source=assetIds"),
                new PropertyChange("camunda:in variables", "variables=all", null));
    }

    @Test
    void aNewFileIsAllAddedAndARemovedOneAllRemoved() {
        Diff added = ModelDiff.of(null, PROCESS);
        Diff removed = ModelDiff.of(PROCESS, null);

        assertThat(added.changes()).isNotEmpty().allMatch(change -> change.change() == Change.ADDED);
        assertThat(added.ids(Change.ADDED)).contains("patch-change", "Task_StartDeployment", "Flow_Deploy",
                "Timer_CabOverdue", "StartEvent_Preparation", "Message_WaveFinished");
        assertThat(added.ids(Change.ADDED)).noneMatch(id -> id.endsWith("_di") || id.endsWith("_Def"));
        assertThat(removed.ids(Change.REMOVED)).containsExactlyElementsOf(added.ids(Change.ADDED));
        assertThat(removed.file()).isEqualTo("patch-change.bpmn");
        assertThat(removed.kind()).isEqualTo(Kind.BPMN);
    }

    @Test
    void aLargeProcessIsComparedWellUnderASecond() {
        ModelDiff.of(PROCESS, PROCESS);

        Diff diff = assertTimeout(Duration.ofMillis(500), () -> ModelDiff.of(PROCESS, PROCESS));

        assertThat(diff.changes()).isEmpty();
    }

    // --- DMN

    @Test
    void aChangedRuleNamesItsEntryByTheColumnLabel() {
        ModelFile after = edit(DECISIONS, "<inputEntry id=\"In_risk_score_5_2\"><text>[7.0..9.0[</text>",
                "<inputEntry id=\"In_risk_score_5_2\"><text>[6.5..9.0[</text>");

        ElementChange changed = assertChanged(ModelDiff.of(DECISIONS, after), "Rule_risk_score_5", "rule",
                new PropertyChange("input \"Highest CVSS base score\"", "[7.0..9.0[", "[6.5..9.0["));
        assertThat(changed.name()).isEqualTo("Risk score rule 5");
    }

    @Test
    void aChangedOutputAndDescriptionOfARule() {
        String rule = element(DECISIONS, "Rule_risk_score_5");
        ModelFile after = edit(DECISIONS, rule,
                rule.replace("<text>35</text>", "<text>30</text>")
                    .replace("<description>High severity: CVSS 7.0 to 8.9</description>",
                            "<description>High severity: CVSS 7.0 to 8.9, fewer points</description>"));

        ElementChange changed = only(ModelDiff.of(DECISIONS, after));

        assertThat(changed.id()).isEqualTo("Rule_risk_score_5");
        assertThat(changed.properties()).containsExactlyInAnyOrder(
                new PropertyChange("description", "High severity: CVSS 7.0 to 8.9",
                        "High severity: CVSS 7.0 to 8.9, fewer points"),
                new PropertyChange("output \"riskScore\"", "35", "30"));
    }

    @Test
    void anAddedRuleIsListedAndTheRulesAfterItAreNotMoved() {
        String rule = element(DECISIONS, "Rule_risk_score_5");
        String copy = rule.replace("Rule_risk_score_5", "Rule_risk_score_new")
            .replace("_risk_score_5_", "_risk_score_new_")
            .replace("[7.0..9.0[", "[6.5..7.0[")
            .replace("<text>35</text>", "<text>20</text>")
            .replace("High severity: CVSS 7.0 to 8.9", "Upper medium severity");

        Diff diff = ModelDiff.of(DECISIONS, edit(DECISIONS, rule, rule + copy));

        ElementChange added = only(diff);
        assertThat(added).extracting(ElementChange::id, ElementChange::type, ElementChange::name, ElementChange::change)
            .containsExactly("Rule_risk_score_new", "rule", "Risk score rule 6", Change.ADDED);
        assertThat(added.properties()).contains(new PropertyChange("description", null, "Upper medium severity"),
                new PropertyChange("input \"Highest CVSS base score\"", null, "[6.5..7.0["),
                new PropertyChange("input \"Known exploited (CISA KEV)\"", null, "-"),
                new PropertyChange("output \"riskScore\"", null, "20"));
        assertThat(added.properties()).hasSize(13);
    }

    @Test
    void aRemovedRule() {
        String rule = element(DECISIONS, "Rule_risk_level_2");

        ElementChange removed = only(ModelDiff.of(DECISIONS, edit(DECISIONS, rule, "")));

        assertThat(removed).extracting(ElementChange::id, ElementChange::name, ElementChange::change)
            .containsExactly("Rule_risk_level_2", "Risk level rule 2", Change.REMOVED);
        assertThat(removed.properties()).containsExactlyInAnyOrder(
                new PropertyChange("description", "Known exploited is never below high", null),
                new PropertyChange("input \"Risk score\"", "-", null),
                new PropertyChange("input \"Known exploited (CISA KEV)\"", "true", null),
                new PropertyChange("output \"riskLevel\"", "\"HIGH\"", null));
    }

    @Test
    void aRuleMovedInAFirstHitTableIsChanged() {
        String rule = element(DECISIONS, "Rule_risk_level_1");
        String withoutIt = edit(DECISIONS, rule, "").text();
        int end = withoutIt.indexOf("</decisionTable>", withoutIt.indexOf("id=\"Table_risk_level\""));
        ModelFile after = new ModelFile(DECISIONS.name(),
                (withoutIt.substring(0, end) + rule + withoutIt.substring(end)).getBytes(StandardCharsets.UTF_8));

        Diff diff = ModelDiff.of(DECISIONS, after);

        int rules = countOf(DECISIONS.text()
            .substring(DECISIONS.text().indexOf("id=\"Table_risk_level\""),
                    DECISIONS.text().indexOf("id=\"Table_change_type\"")),
                "<rule ");
        assertChanged(diff, "Rule_risk_level_1", "rule",
                new PropertyChange(ModelDiff.POSITION, "1", String.valueOf(rules)));
    }

    @Test
    void aChangedHitPolicy() {
        ModelFile after = edit(DECISIONS, "<decisionTable id=\"Table_risk_level\" hitPolicy=\"FIRST\">",
                "<decisionTable id=\"Table_risk_level\" hitPolicy=\"PRIORITY\">");

        ElementChange changed = assertChanged(ModelDiff.of(DECISIONS, after), "risk-level", "decision",
                new PropertyChange("hitPolicy", "FIRST", "PRIORITY"));
        assertThat(changed.name()).isEqualTo("Risk level");
    }

    @Test
    void noHitPolicyIsUnique() {
        ModelFile unique = edit(DECISIONS, "<decisionTable id=\"Table_risk_level\" hitPolicy=\"FIRST\">",
                "<decisionTable id=\"Table_risk_level\" hitPolicy=\"UNIQUE\">");
        ModelFile unsaid = edit(DECISIONS, "<decisionTable id=\"Table_risk_level\" hitPolicy=\"FIRST\">",
                "<decisionTable id=\"Table_risk_level\">");

        assertThat(ModelDiff.of(unique, unsaid).changes()).isEmpty();
    }

    @Test
    void aRenamedColumnChangesTheDecisionNotEveryRule() {
        ModelFile after = edit(DECISIONS, "<input id=\"Input_risk_score_2\" label=\"Highest CVSS base score\">",
                "<input id=\"Input_risk_score_2\" label=\"CVSS\">");
        ModelFile threshold = edit(after, "<inputEntry id=\"In_risk_score_5_2\"><text>[7.0..9.0[</text>",
                "<inputEntry id=\"In_risk_score_5_2\"><text>[6.5..9.0[</text>");

        assertChanged(ModelDiff.of(DECISIONS, after), "risk-score", "decision",
                new PropertyChange("input Input_risk_score_2 label", "Highest CVSS base score", "CVSS"));
        assertThat(ModelDiff.of(DECISIONS, threshold).changes()).filteredOn(change -> change.type().equals("rule"))
            .singleElement()
            .extracting(ElementChange::properties)
            .isEqualTo(List.of(new PropertyChange("input \"CVSS\"", "[7.0..9.0[", "[6.5..9.0[")));
    }

    // --- forms

    @Test
    void anAddedFormField() {
        ModelFile after = edit(FORM, "    {\n      \"type\": \"textarea\",",
                "    {\"type\": \"checkbox\", \"id\": \"Field_Urgent\", \"key\": \"urgent\", \"label\": \"Urgent\","
                        + " \"defaultValue\": false},\n    {\n      \"type\": \"textarea\",");

        ElementChange added = only(ModelDiff.of(FORM, after));

        assertThat(added).extracting(ElementChange::id, ElementChange::type, ElementChange::name, ElementChange::change)
            .containsExactly("Field_Urgent", "checkbox", "Urgent", Change.ADDED);
        assertThat(added.properties()).containsExactly(new PropertyChange("defaultValue", null, "false"),
                new PropertyChange("key", null, "urgent"), new PropertyChange("label", null, "Urgent"));
    }

    @Test
    void aChangedFieldLabelAndValidation() {
        ModelFile after = edit(edit(FORM, "\"label\": \"Decision\"", "\"label\": \"Your decision\""),
                "\"maxLength\": 2000", "\"maxLength\": 1000");

        Diff diff = ModelDiff.of(FORM, after);

        assertThat(diff.changes()).extracting(ElementChange::id).containsExactly("Field_Decision", "Field_Comment");
        assertThat(diff.changes().get(0).properties())
            .containsExactly(new PropertyChange("label", "Decision", "Your decision"));
        assertThat(diff.changes().get(1).properties()).containsExactly(new PropertyChange("validate",
                "{\"maxLength\":2000,\"required\":true}", "{\"maxLength\":1000,\"required\":true}"));
    }

    @Test
    void aRemovedFormField() throws IOException {
        ObjectNode form = (ObjectNode) JSON.readTree(FORM.content());
        ((ArrayNode) form.get("components")).remove(2);
        ModelFile after = new ModelFile(FORM.name(), JSON.writeValueAsBytes(form));

        ElementChange removed = only(ModelDiff.of(FORM, after));

        assertThat(removed).extracting(ElementChange::id, ElementChange::type, ElementChange::change)
            .containsExactly("Field_Comment", "textarea", Change.REMOVED);
        assertThat(removed.properties()).contains(new PropertyChange("key", "reviewComment", null));
    }

    @Test
    void fieldsInGroupsAreFieldsOfTheirOwnAndMovesAreChanges() {
        ModelFile before = form("""
                {"id": "grouped", "type": "default", "schemaVersion": 19, "components": [
                  {"id": "Group_Backup", "type": "group", "label": "Backup", "components": [
                    {"id": "Field_Snapshot", "type": "checkbox", "key": "snapshot", "label": "Snapshot taken"},
                    {"id": "Field_Where", "type": "textfield", "key": "where", "label": "Where"}
                  ]},
                  {"id": "Field_Note", "type": "textarea", "key": "note", "label": "Note"}
                ]}
                """);
        ModelFile after = form("""
                {"id": "grouped", "type": "default", "schemaVersion": 19, "components": [
                  {"id": "Group_Backup", "type": "group", "label": "Backup", "components": [
                    {"id": "Field_Where", "type": "textfield", "key": "where", "label": "Location"},
                    {"id": "Field_Snapshot", "type": "checkbox", "key": "snapshot", "label": "Snapshot taken"},
                    {"id": "Field_Note", "type": "textarea", "key": "note", "label": "Note"}
                  ]}
                ]}
                """);

        Diff diff = ModelDiff.of(before, after);

        assertThat(diff.changes()).extracting(ElementChange::id, ElementChange::change)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("Field_Where", Change.CHANGED),
                    org.assertj.core.groups.Tuple.tuple("Field_Note", Change.CHANGED));
        assertThat(diff.changes().get(0).properties()).containsExactly(new PropertyChange("label", "Where", "Location"),
                new PropertyChange(ModelDiff.POSITION, "2", "1"));
        assertThat(diff.changes().get(1).properties())
            .containsExactly(new PropertyChange("parent", null, "Group_Backup"));
    }

    // --- what cannot be compared

    @Test
    void aFileThatIsNotWellFormedIsRefusedWithItsNameAndLine() {
        String text = PROCESS.text();
        ModelFile truncated = new ModelFile(PROCESS.name(),
                text.substring(0, text.indexOf("<bpmn:sequenceFlow")).getBytes(StandardCharsets.UTF_8));
        ModelFile unclosed = edit(PROCESS, "<bpmn:startEvent id=\"StartEvent_ChangeSubmitted\"",
                "<bpmn:startEvent id=\"StartEvent_ChangeSubmitted\" name=\"x", 1);

        assertThatThrownBy(() -> ModelDiff.of(PROCESS, truncated)).isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("patch-change.bpmn: not well-formed XML at line ");
        assertThatThrownBy(() -> ModelDiff.of(unclosed, PROCESS)).isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("patch-change.bpmn: not well-formed XML at line 5: ");
        assertThatThrownBy(() -> ModelDiff.of(null, bpmn(""))).isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("evil.bpmn: not well-formed XML at line 1: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><process id=\"p\" name=\"&x;\"/></definitions>",
            "<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><definitions>&c;</definitions>",
            "<!DOCTYPE definitions SYSTEM \"http://localhost:1/evil.dtd\"><definitions/>" })
    void aDoctypeIsRefused(String xml) {
        assertThatThrownBy(() -> ModelDiff.of(PROCESS, bpmn("<?xml version=\"1.0\"?>\n" + xml)))
            .isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessage("evil.bpmn: not well-formed XML at line 2: "
                    + "a model file may not declare a DOCTYPE (DTDs and entities are refused)");
    }

    @Test
    void aFileNestedTooDeeplyIsRefused() {
        String xml = "<definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\">" + "<x>".repeat(150)
                + "</x>".repeat(150) + "</definitions>";

        assertThatThrownBy(() -> ModelDiff.of(null, new ModelFile("deep.dmn", xml.getBytes(StandardCharsets.UTF_8))))
            .isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("deep.dmn: not well-formed XML at line 1: ")
            .hasMessageContaining("more than 100 levels deep");
    }

    @Test
    void aFileLargerThanAModelMayBeIsRefused() {
        String padding = "<!--" + " ".repeat(ModelDiff.MAX_BYTES) + "-->";
        ModelFile large = edit(PROCESS, "<bpmn:process ", padding + "<bpmn:process ");

        assertThatThrownBy(() -> ModelDiff.of(PROCESS, large)).isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessage("patch-change.bpmn: the file is " + large.content().length + " bytes, more than the 2097152"
                    + " a model file may have");
    }

    @Test
    void aTimeoutListenerIsComparedWithoutThePrefixesOfItsTimer() {
        String listener = "<camunda:taskListener delegateExpression=\"${remindListener}\" event=\"timeout\""
                + " id=\"Remind\"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type=\"%s\">PT4H"
                + "</bpmn:timeDuration></bpmn:timerEventDefinition></camunda:taskListener>";
        String task = element(PROCESS, "Task_ReviewTechnically");
        String withListener = task.replace("</bpmn:extensionElements>",
                listener.formatted("bpmn:tFormalExpression") + "</bpmn:extensionElements>");
        ModelFile before = edit(PROCESS, task, withListener);
        ModelFile otherPrefix = edit(PROCESS, task, task.replace("</bpmn:extensionElements>",
                listener.formatted("tFormalExpression") + "</bpmn:extensionElements>"));
        ModelFile longer = edit(PROCESS, task, withListener.replace(">PT4H<", ">PT8H<"));

        assertThat(ModelDiff.of(before, otherPrefix).changes()).isEmpty();
        assertChanged(ModelDiff.of(before, longer), "Task_ReviewTechnically", "userTask",
                new PropertyChange("camunda:taskListener timeout",
                        "delegateExpression=${remindListener} timerEventDefinition [timeDuration PT4H]",
                        "delegateExpression=${remindListener} timerEventDefinition [timeDuration PT8H]"));
    }

    @Test
    void aFormThatIsNotJsonOrNotAFormIsRefused() {
        ModelFile broken = edit(FORM, "\"label\": \"Decision\",", "\"label\": \"Decision\",,");

        assertThatThrownBy(() -> ModelDiff.of(FORM, broken)).isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("review-change.form: not well-formed JSON at line 20: ");
        assertThatThrownBy(() -> ModelDiff.of(FORM, form("[1, 2]"))).isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessage("grouped.form: not a form: a form is a JSON object with components");
    }

    @Test
    void onlyTwoVersionsOfOneKindOfModelCanBeCompared() {
        assertThatThrownBy(() -> ModelDiff.of(null, null)).isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("nothing to compare");
        assertThatThrownBy(() -> ModelDiff.of(PROCESS, DECISIONS)).isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessage("cannot compare patch-change.bpmn with change-risk.dmn: they are different kinds of model");
        assertThatThrownBy(() -> ModelDiff.of(null, new ModelFile("notes.txt", new byte[0])))
            .isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessage("notes.txt: not a model file; a model file ends in .bpmn, .dmn or .form");
    }

    @Test
    void theDiffReadsAsPlainJson() throws IOException {
        ModelFile after = edit(PROCESS, "camunda:formRef=\"decide-wave-gate\"",
                "camunda:formRef=\"decide-wave-gate-v2\"");

        JsonNode json = JSON.readTree(JSON.writeValueAsString(ModelDiff.of(PROCESS, after)));

        assertThat(json.path("file").asText()).isEqualTo("patch-change.bpmn");
        assertThat(json.path("kind").asText()).isEqualTo("BPMN");
        JsonNode change = json.path("changes").path(0);
        assertThat(change.path("id").asText()).isEqualTo("Task_DecideWaveGate");
        assertThat(change.path("change").asText()).isEqualTo("CHANGED");
        assertThat(change.path("properties").path(0).path("property").asText()).isEqualTo("camunda:formRef");
        assertThat(change.path("properties").path(0).path("before").asText()).isEqualTo("decide-wave-gate");
    }

    // --- helpers

    private static ElementChange only(Diff diff) {
        assertThat(diff.changes()).hasSize(1);
        return diff.changes().get(0);
    }

    private static ElementChange assertChanged(Diff diff, String id, String type, PropertyChange property) {
        ElementChange change = only(diff);
        assertThat(change).extracting(ElementChange::id, ElementChange::type, ElementChange::change)
            .containsExactly(id, type, Change.CHANGED);
        assertThat(change.properties()).containsExactly(property);
        assertThat(diff.ids(Change.CHANGED)).containsExactly(id);
        return change;
    }

    private static ModelFile shipped(String path) {
        try {
            return new ModelFile(path.substring(path.indexOf('/') + 1), Files.readAllBytes(RepositoryFiles.path(path)));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ModelFile bpmn(String text) {
        return file("evil.bpmn", text);
    }

    private static ModelFile file(String name, String text) {
        return new ModelFile(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static ModelFile form(String text) {
        return new ModelFile("grouped.form", text.getBytes(StandardCharsets.UTF_8));
    }

    /** The file with {@code from}, which it holds exactly once, replaced. */
    private static ModelFile edit(ModelFile file, String from, String to) {
        return edit(file, from, to, -1);
    }

    /**
     * With {@code occurrences} of -1: exactly once; otherwise the first of at least one.
     */
    private static ModelFile edit(ModelFile file, String from, String to, int occurrences) {
        String text = file.text();
        int found = countOf(text, from);
        if (occurrences < 0) {
            assertThat(found).as("occurrences of " + from).isEqualTo(1);
        }
        else {
            assertThat(found).as("occurrences of " + from).isPositive();
        }
        int at = text.indexOf(from);
        return new ModelFile(file.name(),
                (text.substring(0, at) + to + text.substring(at + from.length())).getBytes(StandardCharsets.UTF_8));
    }

    private static int countOf(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /** The text of the element with this id, from its start tag to its end tag. */
    private static String element(ModelFile file, String id) {
        String text = file.text();
        Matcher start = Pattern.compile("<([\\w:]+) id=\"" + Pattern.quote(id) + "\"[^>]*?(/?)>").matcher(text);
        assertThat(start.find()).as(id).isTrue();
        if (!start.group(2).isEmpty()) {
            return start.group();
        }
        String end = "</" + start.group(1) + ">";
        return text.substring(start.start(), text.indexOf(end, start.end()) + end.length());
    }

    private static ModelFile rewritten(ModelFile file, java.util.function.UnaryOperator<String> rewrite) {
        String text = rewrite.apply(file.text());
        assertThat(text).isNotEqualTo(file.text());
        return new ModelFile(file.name(), text.getBytes(StandardCharsets.UTF_8));
    }

    private static final Pattern TAG = Pattern.compile("</?[A-Za-z][^>]*>");

    private static String replaceInTags(String text, Pattern pattern,
            java.util.function.Function<java.util.regex.MatchResult, String> replacement) {
        return TAG.matcher(text)
            .replaceAll(tag -> Matcher.quoteReplacement(
                    pattern.matcher(tag.group()).replaceAll(m -> Matcher.quoteReplacement(replacement.apply(m)))));
    }

    /** Every shape, edge and label of the diagram 40 pixels to the right and down. */
    private static String moveShapes(String text) {
        Pattern diagramTag = Pattern.compile("<(dc|di):[A-Za-z]+[^>]*>");
        Pattern coordinate = Pattern.compile("\\b([xy])=\"(\\d+)\"");
        return diagramTag.matcher(text)
            .replaceAll(tag -> Matcher.quoteReplacement(coordinate.matcher(tag.group())
                .replaceAll(m -> m.group(1) + "=\"" + (Integer.parseInt(m.group(2)) + 40) + "\"")));
    }

    private static final Pattern ATTRIBUTE = Pattern.compile("\\s+([\\w:.-]+)=\"([^\"]*)\"");

    /** Every element's attributes in the opposite order. */
    private static String reverseAttributes(String text) {
        Pattern startTag = Pattern.compile("<([A-Za-z][\\w:.-]*)((?:\\s+[\\w:.-]+=\"[^\"]*\")+)\\s*(/?)>");
        return startTag.matcher(text).replaceAll(tag -> {
            List<String> attributes = new ArrayList<>();
            Matcher attribute = ATTRIBUTE.matcher(tag.group(2));
            while (attribute.find()) {
                attributes.add(attribute.group().strip());
            }
            Collections.reverse(attributes);
            return Matcher.quoteReplacement(
                    "<" + tag.group(1) + " " + String.join(" ", attributes) + (tag.group(3).isEmpty() ? ">" : " />"));
        });
    }

    /** A line and an indent between all elements, and around every text. */
    private static String reindent(String text) {
        return text.replace("><", ">\n      <").replaceAll(">([^<\\s][^<]*)</", ">\n        $1\n      </");
    }

    private static ObjectNode reverseKeys(ObjectNode node) {
        ObjectNode reversed = JSON.createObjectNode();
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        Collections.reverse(names);
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value instanceof ObjectNode object) {
                reversed.set(name, reverseKeys(object));
            }
            else if (value instanceof ArrayNode array) {
                ArrayNode copy = reversed.putArray(name);
                array.forEach(item -> copy.add(item instanceof ObjectNode object ? reverseKeys(object) : item));
            }
            else {
                reversed.set(name, value);
            }
        }
        return reversed;
    }

}
