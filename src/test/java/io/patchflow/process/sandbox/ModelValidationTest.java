package io.patchflow.process.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.patchflow.modeling.ModelFile;
import io.patchflow.process.model.PatchChange;
import io.patchflow.testsupport.RepositoryFiles;

/**
 * The validation's own rules, one minimal failing model each, without an engine: the
 * engine's parse is a stub that records what it was asked to read
 * (ModelValidationAdapterTest runs the real one). Each assertion names the element and
 * the words an analyst reads.
 */
class ModelValidationTest {

    /** The allow-list as the engine has it: the delegates the shipped models call. */
    static final ModelBeans BEANS = new ModelBeans(delegatesOfTheShippedModels(),
            Map.of("proposalSettings", Set.of("cycle")), Set.of("patch-change", "patch-proposals"),
            Set.of("dataSource"), name -> new Object());

    static Set<String> delegatesOfTheShippedModels() {
        Set<String> names = new TreeSet<>();
        Matcher delegate = Pattern.compile("delegateExpression=\"\\$\\{(\\w+)\\}\"")
            .matcher(shipped("bpmn/patch-change.bpmn") + shipped("bpmn/patch-proposals.bpmn"));
        while (delegate.find()) {
            names.add(delegate.group(1));
        }
        return names;
    }

    /** What the stub engine was asked to parse. */
    final List<String> parsed = new ArrayList<>();

    final Deployed deployed = new Deployed(Set.of("review-change"), Set.of("risk-level"), Set.of("patch-proposals"));

    final ModelValidation validation = new ModelValidation(BEANS, new ModelValidation.EngineCheck() {
        @Override
        public List<Finding> bpmn(String resource, byte[] content, ModelXml.Node root) {
            parsed.add(resource);
            return List.of();
        }

        @Override
        public List<Finding> dmn(String resource, byte[] content, ModelXml.Node root) {
            parsed.add(resource);
            return List.of();
        }
    }, deployed);

    record Deployed(Set<String> forms, Set<String> decisions,
            Set<String> processes) implements ModelValidation.Deployed {

        @Override
        public boolean form(String id) {
            return forms.contains(id);
        }

        @Override
        public boolean decision(String key) {
            return decisions.contains(key);
        }

        @Override
        public boolean process(String key) {
            return processes.contains(key);
        }

    }

    // --- the minimal valid model, and its variations ---

    static final String START = "<bpmn:startEvent id=\"StartEvent_Begin\" name=\"Begun\" />";

    static final String END = "<bpmn:endEvent id=\"EndEvent_Done\" name=\"Done\" />";

    static final String INNER_START = "<bpmn:startEvent id=\"StartEvent_Inner\" name=\"Inner work begun\" />";

    static final String INNER_END = "<bpmn:endEvent id=\"EndEvent_Inner\" name=\"Inner work done\" />";

    static String flow(String id, String from, String to) {
        return "<bpmn:sequenceFlow id=\"" + id + "\" sourceRef=\"" + from + "\" targetRef=\"" + to + "\" />";
    }

    static String conditional(String id, String from, String to, String condition) {
        return "<bpmn:sequenceFlow id=\"" + id + "\" sourceRef=\"" + from + "\" targetRef=\"" + to + "\">"
                + "<bpmn:conditionExpression xsi:type=\"bpmn:tFormalExpression\">" + condition
                + "</bpmn:conditionExpression></bpmn:sequenceFlow>";
    }

    /** start → a task → end, the task written by the test. */
    static String around(String task) {
        return START + task + END + flow("Flow_In", "StartEvent_Begin", "Task_Work")
                + flow("Flow_Out", "Task_Work", "EndEvent_Done");
    }

    static String model(String processAttributes, String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    id="Definitions_Test" targetNamespace="test">
                  <bpmn:message id="Message_Ping" name="Ping" />
                  <bpmn:process %s>
                %s
                  </bpmn:process>
                </bpmn:definitions>
                """
            .formatted(processAttributes, body);
    }

    static String process(String body) {
        return model("id=\"work\" name=\"Work\" isExecutable=\"true\" camunda:historyTimeToLive=\"P30D\"", body);
    }

    List<Finding> validate(String name, String content) {
        return validation.validate(List.of(file(name, content)));
    }

    List<Finding> validate(String body) {
        return validate("work.bpmn", process(body));
    }

    static ModelFile file(String name, String content) {
        return new ModelFile(name, content.getBytes(StandardCharsets.UTF_8));
    }

    static String shipped(String path) {
        try {
            return Files.readString(RepositoryFiles.path(path));
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- the minimal model passes, and the engine reads only what the policy let through
    // ---

    @Test
    void aMinimalModelHasNoFindingAndIsReadByTheEngine() {
        assertThat(validate(around("<bpmn:userTask id=\"Task_Work\" name=\"Do work\" />"))).isEmpty();
        assertThat(parsed).containsExactly("work.bpmn");
    }

    @Test
    void whatThePolicyRefusesIsReportedAndNeverReachesTheEngine() {
        List<Finding> findings = validate(around("<bpmn:scriptTask id=\"Task_Work\" name=\"Run script\" "
                + "scriptFormat=\"groovy\"><bpmn:script>1</bpmn:script></bpmn:scriptTask>"));

        assertThat(findings).anySatisfy(f -> {
            assertThat(f.elementId()).isEqualTo("Task_Work");
            assertThat(f.rule()).contains("is a script");
        });
        assertThat(parsed).isEmpty();
    }

    // --- modelling rules (BpmnLint) ---

    @Test
    void labelRequired_tasksEventsSubProcessesAndSplittingGatewaysNeedANameAndSayWhichTheyAre() {
        String body = "<bpmn:startEvent id=\"StartEvent_Begin\" />"
                + "<bpmn:exclusiveGateway id=\"Gateway_Which\" default=\"Flow_B\" />"
                + "<bpmn:userTask id=\"Task_A\" />" + "<bpmn:subProcess id=\"SubProcess_B\">" + INNER_START + INNER_END
                + flow("Flow_Sub", "StartEvent_Inner", "EndEvent_Inner") + "</bpmn:subProcess>"
                + "<bpmn:exclusiveGateway id=\"Gateway_Join\" />" + END
                + flow("Flow_In", "StartEvent_Begin", "Gateway_Which")
                + conditional("Flow_A", "Gateway_Which", "Task_A", "${a}")
                + flow("Flow_B", "Gateway_Which", "SubProcess_B") + flow("Flow_A2", "Task_A", "Gateway_Join")
                + flow("Flow_B2", "SubProcess_B", "Gateway_Join") + flow("Flow_Out", "Gateway_Join", "EndEvent_Done");

        List<Finding> findings = validate(body);

        assertThat(findings).extracting(Finding::elementId, Finding::rule)
            .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("StartEvent_Begin",
                    "has no name: an event needs a name that says what happened (\"Change submitted\", \"Review overdue\")"),
                    org.assertj.core.groups.Tuple.tuple("Gateway_Which",
                            "has no name: a gateway that splits the flow needs a name that says what it decides (\"Approved?\")"),
                    org.assertj.core.groups.Tuple.tuple("Task_A",
                            "has no name: a task needs a name that says what is done, verb and object (\"Review change\")"),
                    org.assertj.core.groups.Tuple.tuple("SubProcess_B",
                            "has no name: a sub-process needs a name that says what happens in it"));
    }

    @Test
    void labelRequired_aParallelSplitSaysWhatRunsSideBySide() {
        String body = START + "<bpmn:parallelGateway id=\"Gateway_Fork\" />"
                + "<bpmn:task id=\"Task_A\" name=\"Do A\" /><bpmn:task id=\"Task_B\" name=\"Do B\" />"
                + "<bpmn:parallelGateway id=\"Gateway_Join\" />" + END
                + flow("Flow_In", "StartEvent_Begin", "Gateway_Fork") + flow("Flow_A", "Gateway_Fork", "Task_A")
                + flow("Flow_B", "Gateway_Fork", "Task_B") + flow("Flow_A2", "Task_A", "Gateway_Join")
                + flow("Flow_B2", "Task_B", "Gateway_Join") + flow("Flow_Out", "Gateway_Join", "EndEvent_Done");

        assertThat(validate(body)).as("the joining gateway needs no name").singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Gateway_Fork");
            assertThat(f.rule()).isEqualTo("has no name: a gateway that splits the flow needs a name that says what "
                    + "runs side by side (\"Deploy and notify\")");
        });
    }

    @Test
    void conditionalFlows_everyFlowLeavingASplittingGatewayHasAConditionOrIsTheDefault() {
        String body = START + "<bpmn:exclusiveGateway id=\"Gateway_Route\" name=\"Route?\" default=\"Flow_C\" />"
                + "<bpmn:task id=\"Task_A\" name=\"Do A\" /><bpmn:task id=\"Task_B\" name=\"Do B\" />"
                + "<bpmn:task id=\"Task_C\" name=\"Do C\" />" + END
                + flow("Flow_In", "StartEvent_Begin", "Gateway_Route")
                + conditional("Flow_A", "Gateway_Route", "Task_A", "${route == 'a'}")
                + flow("Flow_B", "Gateway_Route", "Task_B") + flow("Flow_C", "Gateway_Route", "Task_C")
                + flow("Flow_A2", "Task_A", "EndEvent_Done") + flow("Flow_B2", "Task_B", "EndEvent_Done")
                + flow("Flow_C2", "Task_C", "EndEvent_Done");

        assertThat(validate(body)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Flow_B");
            assertThat(f.elementType()).isEqualTo("sequenceFlow");
            assertThat(f.rule()).isEqualTo("leaves the gateway Gateway_Route without a condition and is not its "
                    + "default flow; give it a condition or make it the default");
        });
    }

    @Test
    void defaultFlow_aSplittingGatewayWithConditionsHasADefaultFlowWithoutACondition() {
        String body = START + "<bpmn:inclusiveGateway id=\"Gateway_Route\" name=\"Route?\" />"
                + "<bpmn:task id=\"Task_A\" name=\"Do A\" /><bpmn:task id=\"Task_B\" name=\"Do B\" />" + END
                + flow("Flow_In", "StartEvent_Begin", "Gateway_Route")
                + conditional("Flow_A", "Gateway_Route", "Task_A", "${a}")
                + conditional("Flow_B", "Gateway_Route", "Task_B", "${b}") + flow("Flow_A2", "Task_A", "EndEvent_Done")
                + flow("Flow_B2", "Task_B", "EndEvent_Done");

        assertThat(validate(body)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Gateway_Route");
            assertThat(f.rule()).startsWith("splits the flow with conditions but has no default flow; mark the flow "
                    + "to take when no condition holds as the default");
        });
        assertThat(validate(body.replace("name=\"Route?\"", "name=\"Route?\" default=\"Flow_B\""))).singleElement()
            .satisfies(f -> {
                assertThat(f.elementId()).isEqualTo("Flow_B");
                assertThat(f.rule()).contains("is the default flow of Gateway_Route and has a condition");
            });
        assertThat(validate(body.replace("name=\"Route?\"", "name=\"Route?\" default=\"Flow_In\"")))
            .anySatisfy(f -> assertThat(f.rule())
                .contains("names Flow_In as its default flow, but that flow does not leave this gateway"));
    }

    @Test
    void noImplicitSplit_aTaskWithSeveralFlowsWithoutConditionsIsNamed() {
        String body = START + "<bpmn:task id=\"Task_Work\" name=\"Do work\" />"
                + "<bpmn:task id=\"Task_A\" name=\"Do A\" /><bpmn:task id=\"Task_B\" name=\"Do B\" />" + END
                + flow("Flow_In", "StartEvent_Begin", "Task_Work") + flow("Flow_A", "Task_Work", "Task_A")
                + flow("Flow_B", "Task_Work", "Task_B") + flow("Flow_A2", "Task_A", "EndEvent_Done")
                + flow("Flow_B2", "Task_B", "EndEvent_Done");

        assertThat(validate(body)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Task_Work");
            assertThat(f.rule()).startsWith("splits the flow implicitly: 2 outgoing flows without conditions all run "
                    + "at once; put a parallel gateway after it");
        });
        assertThat(validate(body.replace(flow("Flow_B", "Task_Work", "Task_B"),
                conditional("Flow_B", "Task_Work", "Task_B", "${b}"))))
            .as("one unconditional flow and a conditional one")
            .isEmpty();
    }

    @Test
    void noDeadEnds_everyNodeButAnEndEventLeadsOnAndEveryNodeButAStartIsReached() {
        String deadEnd = START + "<bpmn:task id=\"Task_Work\" name=\"Do work\" />" + END
                + flow("Flow_In", "StartEvent_Begin", "Task_Work")
                + flow("Flow_Other", "StartEvent_Begin", "EndEvent_Done");
        assertThat(validate(deadEnd)).filteredOn(f -> f.elementId().equals("Task_Work"))
            .singleElement()
            .extracting(Finding::rule)
            .isEqualTo("is a dead end: no sequence flow leaves it, so a change would stop here; lead it on, "
                    + "or end the path with an end event");

        String unreached = START + "<bpmn:task id=\"Task_Work\" name=\"Do work\" />" + END
                + flow("Flow_Out", "Task_Work", "EndEvent_Done")
                + flow("Flow_Other", "StartEvent_Begin", "EndEvent_Done");
        assertThat(validate(unreached)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Task_Work");
            assertThat(f.rule()).isEqualTo("is never reached: no sequence flow leads to it; connect it or delete it");
        });
    }

    @Test
    void noDisconnected_aNodeWithoutAnyFlowIsNamedOnce() {
        String body = around("<bpmn:task id=\"Task_Work\" name=\"Do work\" />")
                + "<bpmn:userTask id=\"Task_Forgotten\" name=\"Forgotten task\" />";

        assertThat(validate(body)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Task_Forgotten");
            assertThat(f.rule())
                .isEqualTo("is not connected: no sequence flow leads to it or away from it; connect it or delete it");
        });
    }

    @Test
    void elementsEnteredOrLeftWithoutASequenceFlowAreNotDeadEnds() {
        String body = around(
                """
                        <bpmn:userTask id="Task_Work" name="Do work" />
                        <bpmn:boundaryEvent id="Timer_Late" name="Work late" attachedToRef="Task_Work" cancelActivity="false">
                          <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
                        </bpmn:boundaryEvent>
                        <bpmn:endEvent id="EndEvent_Late" name="Lateness noted" />
                        <bpmn:sequenceFlow id="Flow_Late" sourceRef="Timer_Late" targetRef="EndEvent_Late" />
                        <bpmn:boundaryEvent id="Compensation_Work" name="Work undone" attachedToRef="Task_Work">
                          <bpmn:compensateEventDefinition />
                        </bpmn:boundaryEvent>
                        <bpmn:task id="Task_Undo" name="Undo work" isForCompensation="true" />
                        <bpmn:association id="Association_Undo" associationDirection="One" sourceRef="Compensation_Work" targetRef="Task_Undo" />
                        <bpmn:intermediateThrowEvent id="Link_Throw" name="To the end"><bpmn:linkEventDefinition name="end" /></bpmn:intermediateThrowEvent>
                        <bpmn:intermediateCatchEvent id="Link_Catch" name="From elsewhere"><bpmn:linkEventDefinition name="end" /></bpmn:intermediateCatchEvent>
                        <bpmn:endEvent id="EndEvent_Linked" name="Linked" />
                        <bpmn:sequenceFlow id="Flow_Linked" sourceRef="Link_Catch" targetRef="EndEvent_Linked" />
                        <bpmn:task id="Task_Before" name="Prepare" />
                        <bpmn:sequenceFlow id="Flow_ToLink" sourceRef="Task_Before" targetRef="Link_Throw" />
                        <bpmn:subProcess id="SubProcess_Cancel" name="Cancel work" triggeredByEvent="true">
                          <bpmn:startEvent id="StartEvent_Cancel" name="Cancel requested"><bpmn:messageEventDefinition messageRef="Message_Ping" /></bpmn:startEvent>
                          <bpmn:endEvent id="EndEvent_Cancelled" name="Cancelled" />
                          <bpmn:sequenceFlow id="Flow_Cancel" sourceRef="StartEvent_Cancel" targetRef="EndEvent_Cancelled" />
                        </bpmn:subProcess>
                        """);

        assertThat(validate(body)).as("only Task_Before, which nothing reaches")
            .singleElement()
            .satisfies(f -> assertThat(f.elementId()).isEqualTo("Task_Before"));
    }

    @Test
    void startEventRequired_inAProcessAndInASubProcess() {
        String body = "<bpmn:task id=\"Task_Work\" name=\"Do work\" />" + END
                + flow("Flow_Out", "Task_Work", "EndEvent_Done");
        assertThat(validate(body)).anySatisfy(f -> {
            assertThat(f.elementId()).isEqualTo("work");
            assertThat(f.elementType()).isEqualTo("process");
            assertThat(f.rule()).isEqualTo(
                    "the process has no start event; add one where it begins, so it is clear " + "how it starts");
        });

        String sub = around("<bpmn:subProcess id=\"Task_Work\" name=\"Do work\"><bpmn:task id=\"Task_Inner\" "
                + "name=\"Do inner work\" />" + INNER_END + flow("Flow_Inner", "Task_Inner", "EndEvent_Inner")
                + "</bpmn:subProcess>");
        assertThat(validate(sub)).anySatisfy(f -> {
            assertThat(f.elementId()).isEqualTo("Task_Work");
            assertThat(f.rule()).startsWith("the sub-process has no start event");
        });
    }

    @Test
    void endEventRequired_inAProcessAndInASubProcess() {
        String body = START + "<bpmn:intermediateThrowEvent id=\"Event_Last\" name=\"Work thrown\" />"
                + flow("Flow_In", "StartEvent_Begin", "Event_Last");
        assertThat(validate(body)).anySatisfy(f -> {
            assertThat(f.elementId()).isEqualTo("work");
            assertThat(f.rule())
                .isEqualTo("the process has no end event; end every path with an end event that says how it ended");
        });
    }

    @Test
    void aFileWithoutAnExecutableProcessIsNamed_theEngineWouldIgnoreItSilently() {
        String notExecutable = model("id=\"work\" name=\"Work\" isExecutable=\"false\"",
                around("<bpmn:task id=\"Task_Work\" name=\"Do work\" />"));
        assertThat(validate("work.bpmn", notExecutable)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("work");
            assertThat(f.rule()).startsWith("the file has no executable process: the engine runs only a process "
                    + "marked isExecutable=\"true\"");
        });
        assertThat(validate("work.bpmn",
                model("id=\"work\" name=\"Work\"", around("<bpmn:task id=\"Task_Work\" " + "name=\"Do work\" />"))))
            .as("no attribute: not executable for a new deployment")
            .singleElement()
            .satisfies(f -> assertThat(f.rule()).startsWith("the file has no executable process"));
    }

    @Test
    void elementsTheEngineDoesNotRunAreNamed() {
        String body = START + "<bpmn:complexGateway id=\"Gateway_Complex\" name=\"Enough?\" />" + END
                + flow("Flow_In", "StartEvent_Begin", "Gateway_Complex")
                + flow("Flow_Out", "Gateway_Complex", "EndEvent_Done");
        assertThat(validate(body)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Gateway_Complex");
            assertThat(f.rule()).startsWith("is a complex gateway, which the engine does not run");
        });
    }

    // --- history time to live ---

    @Test
    void historyTimeToLive_isSetOnEveryExecutableProcessAndEveryDecision() {
        String withoutTtl = model("id=\"work\" name=\"Work\" isExecutable=\"true\"",
                around("<bpmn:task id=\"Task_Work\" name=\"Do work\" />"));
        assertThat(validate("work.bpmn", withoutTtl)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("work");
            assertThat(f.rule()).startsWith("the process has no camunda:historyTimeToLive; set how many days");
        });
        assertThat(validate("work.bpmn",
                withoutTtl.replace("isExecutable=\"true\"",
                        "isExecutable=\"true\" camunda:historyTimeToLive=\"six months\"")))
            .singleElement()
            .satisfies(f -> assertThat(f.rule()).isEqualTo("the process's camunda:historyTimeToLive 'six months' is "
                    + "not a number of days; write it as 180 or P180D"));
        assertThat(validate("work.bpmn",
                withoutTtl.replace("isExecutable=\"true\"", "isExecutable=\"true\" camunda:historyTimeToLive=\"180\"")))
            .isEmpty();

        String decision = decision("risk-score", "riskScore", "1").replace(" camunda:historyTimeToLive=\"P30D\"", "");
        assertThat(validate("risk.dmn", decision)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("risk-score");
            assertThat(f.elementType()).isEqualTo("decision");
            assertThat(f.rule()).startsWith("the decision has no camunda:historyTimeToLive");
        });
    }

    // --- references ---

    @Test
    void references_resolveAmongTheFilesOrWhatIsDeployed() {
        String tasks = START
                + """
                        <bpmn:userTask id="Task_Deployed" name="Review" camunda:formRef="review-change" camunda:formRefBinding="latest" />
                        <bpmn:userTask id="Task_Given" name="Fill in" camunda:formRef="new-form" camunda:formRefBinding="deployment" />
                        <bpmn:userTask id="Task_Missing" name="Fill in more" camunda:formRef="no-such-form" camunda:formRefBinding="latest" />
                        <bpmn:userTask id="Task_NotPublished" name="Fill in again" camunda:formRef="review-change" camunda:formRefBinding="deployment" />
                        <bpmn:userTask id="Task_Expression" name="Fill in something" camunda:formRef="${form}" camunda:formRefBinding="latest" />
                        <bpmn:businessRuleTask id="Task_Decide" name="Decide" camunda:decisionRef="no-such-decision" camunda:resultVariable="x" camunda:mapDecisionResult="singleEntry" />
                        <bpmn:businessRuleTask id="Task_DecideDeployed" name="Decide level" camunda:decisionRef="risk-level" camunda:resultVariable="x" camunda:mapDecisionResult="singleEntry" />
                        <bpmn:callActivity id="Task_Call" name="Call" calledElement="no-such-process" />
                        <bpmn:callActivity id="Task_CallDeployed" name="Call proposals" calledElement="patch-proposals" />
                        """
                + END + flow("F1", "StartEvent_Begin", "Task_Deployed") + flow("F2", "Task_Deployed", "Task_Given")
                + flow("F3", "Task_Given", "Task_Missing") + flow("F4", "Task_Missing", "Task_NotPublished")
                + flow("F5", "Task_NotPublished", "Task_Expression") + flow("F6", "Task_Expression", "Task_Decide")
                + flow("F7", "Task_Decide", "Task_DecideDeployed") + flow("F8", "Task_DecideDeployed", "Task_Call")
                + flow("F9", "Task_Call", "Task_CallDeployed") + flow("F10", "Task_CallDeployed", "EndEvent_Done");

        List<Finding> findings = validation.validate(List.of(file("work.bpmn", process(tasks)),
                file("new.form", "{\"id\":\"new-form\",\"components\":[]}")));

        assertThat(findings).extracting(Finding::elementId, Finding::rule)
            .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("Task_Missing",
                    "formRef names the form 'no-such-form', which is neither among these files nor deployed; add the "
                            + "form (the 'id' in its JSON) or correct the reference"),
                    org.assertj.core.groups.Tuple.tuple("Task_NotPublished",
                            "formRef names the form 'review-change' with binding 'deployment', so it must be published "
                                    + "with this model, and it is not among the files; add it, or use binding 'latest'"),
                    org.assertj.core.groups.Tuple.tuple("Task_Expression",
                            "formRef is the expression ${form}; name the form itself, so that the reference can be "
                                    + "checked before the model runs"),
                    org.assertj.core.groups.Tuple.tuple("Task_Decide",
                            "decisionRef names the decision 'no-such-decision', which is neither among these files nor "
                                    + "deployed; add the decision (its id) or correct the reference"),
                    org.assertj.core.groups.Tuple.tuple("Task_Call",
                            "calledElement names the process 'no-such-process', which is neither among these files nor "
                                    + "deployed; add the process (its id) or correct the reference"));
    }

    @Test
    void aFormWithoutAnIdAndTwoFilesOfOneNameAreNamed() {
        assertThat(validation.validate(List.of(file("a.form", "{\"components\":[]}")))).singleElement()
            .satisfies(f -> assertThat(f.rule()).startsWith("the form has no \"id\""));
        String ok = process(around("<bpmn:task id=\"Task_Work\" name=\"Do work\" />"));
        assertThat(validation.validate(List.of(file("work.bpmn", ok), file("work.bpmn", ok)))).singleElement()
            .satisfies(f -> assertThat(f.rule()).startsWith("two files have this name"));
    }

    // --- four eyes ---

    static String approvalTask(String id, String properties, String listeners) {
        return "<bpmn:userTask id=\"" + id + "\" name=\"Approve\" camunda:candidateGroups=\"approver\">"
                + "<bpmn:extensionElements><camunda:properties>" + properties + "</camunda:properties>" + listeners
                + "</bpmn:extensionElements></bpmn:userTask>";
    }

    static String property(String name, String value) {
        return "<camunda:property name=\"" + name + "\" value=\"" + value + "\" />";
    }

    static final String LISTENERS = "<camunda:taskListener delegateExpression=\"${recordDecisionListener}\" event=\"create\" />"
            + "<camunda:taskListener delegateExpression=\"${recordDecisionListener}\" event=\"complete\" />";

    /** A patch-change process (delegates resolve there) around one task. */
    List<Finding> inPatchChange(String task) {
        return validate("patch-change.bpmn", model(
                "id=\"patch-change\" name=\"Patch change\" isExecutable=\"true\" camunda:historyTimeToLive=\"P30D\"",
                around(task)))
            .stream()
            // the test's patch-change is not the whole process the code addresses
            .filter(f -> !"process".equals(f.elementType()))
            .toList();
    }

    @Test
    void fourEyes_anApprovalTaskCallsTheListenerOnCreateAndComplete() {
        String fine = approvalTask("Task_Work",
                property("decisionStep", "TECHNICAL_REVIEW") + property("fourEyes", "true"), LISTENERS);
        assertThat(inPatchChange(fine)).isEmpty();

        String withoutComplete = approvalTask("Task_Work",
                property("decisionStep", "TECHNICAL_REVIEW") + property("fourEyes", "true"),
                "<camunda:taskListener delegateExpression=\"${recordDecisionListener}\" event=\"create\" />");
        assertThat(inPatchChange(withoutComplete)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Task_Work");
            assertThat(f.rule()).isEqualTo("is an approval step (decisionStep = TECHNICAL_REVIEW) but does not call "
                    + "${recordDecisionListener} as a task listener on complete; without it the decision is not "
                    + "recorded and four eyes are not checked, so add camunda:taskListener "
                    + "delegateExpression=\"${recordDecisionListener}\" event=\"complete\"");
        });
    }

    @Test
    void fourEyes_theDecisionStepIsAnApprovalStep() {
        String task = approvalTask("Task_Work",
                property("decisionStep", "FIRMWARE_REVIEW") + property("fourEyes", "true"), LISTENERS);
        assertThat(inPatchChange(task)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Task_Work");
            assertThat(f.rule())
                .startsWith("has decisionStep = 'FIRMWARE_REVIEW', which is none of BACKUP_RESOLUTION, "
                        + "BLACKOUT_APPROVAL, CAB_VOTE")
                .endsWith("; completing the task would fail for every change");
        });
    }

    @Test
    void fourEyes_staysOnEveryStepWhereTheShippedProcessHasIt() {
        String off = approvalTask("Task_Work",
                property("decisionStep", "TECHNICAL_REVIEW") + property("fourEyes", "false"), LISTENERS);
        assertThat(inPatchChange(off)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Task_Work");
            assertThat(f.rule()).isEqualTo("sets fourEyes = 'false' on a TECHNICAL_REVIEW step; four eyes are checked "
                    + "on this step in the shipped process (nobody approves their own change), so fourEyes must be 'true'");
        });
        String missing = approvalTask("Task_Work", property("decisionStep", "CAB_VOTE"), LISTENERS);
        assertThat(inPatchChange(missing)).singleElement()
            .satisfies(f -> assertThat(f.rule()).startsWith("has no property fourEyes on a CAB_VOTE step"));
        String gate = approvalTask("Task_Work", property("decisionStep", "WAVE_GATE") + property("fourEyes", "false"),
                LISTENERS);
        assertThat(inPatchChange(gate)).as("the shipped process decides a halted rollout without four eyes").isEmpty();
    }

    @Test
    void fourEyes_anApprovalTaskOfTheShippedProcessKeepsItsStep() {
        String stripped = approvalTask(PatchChange.TASK_APPROVE_EMERGENCY, property("fourEyes", "true"), LISTENERS)
            .replace("Task_Work", PatchChange.TASK_APPROVE_EMERGENCY);
        String body = START + stripped + END + flow("Flow_In", "StartEvent_Begin", PatchChange.TASK_APPROVE_EMERGENCY)
                + flow("Flow_Out", PatchChange.TASK_APPROVE_EMERGENCY, "EndEvent_Done");
        assertThat(validate("patch-change.bpmn", model(
                "id=\"patch-change\" name=\"Patch change\" isExecutable=\"true\" camunda:historyTimeToLive=\"P30D\"",
                body)))
            .filteredOn(f -> PatchChange.TASK_APPROVE_EMERGENCY.equals(f.elementId()))
            .singleElement()
            .satisfies(f -> assertThat(f.rule()).isEqualTo("is the EMERGENCY_APPROVAL approval of the shipped process "
                    + "and must keep the property decisionStep = EMERGENCY_APPROVAL: without it the decision is not "
                    + "recorded and four eyes are not checked"));
    }

    @Test
    void fourEyes_aListenerCountsOnlyIfTheEngineRunsItsDelegateExpression() {
        String shadowed = approvalTask("Task_Work", property("decisionStep", "CAB_VOTE") + property("fourEyes", "true"),
                "<camunda:taskListener delegateExpression=\"${recordDecisionListener}\" event=\"create\" />"
                        + "<camunda:taskListener delegateExpression=\"${recordDecisionListener}\" "
                        + "expression=\"${cabVote}\" event=\"complete\" />");
        assertThat(inPatchChange(shadowed)).filteredOn(f -> f.rule().startsWith("has a task listener"))
            .singleElement()
            .satisfies(f -> {
                assertThat(f.elementId()).isEqualTo("Task_Work");
                assertThat(f.rule()).isEqualTo("has a task listener on complete that names ${recordDecisionListener}, "
                        + "but the engine does not call it: it also has expression=\"${cabVote}\", which the engine "
                        + "runs instead (it takes class, then expression, then delegateExpression); write it as "
                        + "camunda:taskListener delegateExpression=\"${recordDecisionListener}\" and nothing else");
            });
        assertThat(inPatchChange(shadowed)).anySatisfy(f -> assertThat(f.rule())
            .startsWith("is an approval step (decisionStep = CAB_VOTE) but does not call ${recordDecisionListener} "
                    + "as a task listener on complete"));

        String prefixed = approvalTask("Task_Work", property("decisionStep", "CAB_VOTE") + property("fourEyes", "true"),
                "<camunda:taskListener delegateExpression=\"${recordDecisionListener}\" event=\"create\" />"
                        + "<camunda:taskListener camunda:delegateExpression=\"${recordDecisionListener}\" "
                        + "event=\"complete\" />");
        assertThat(inPatchChange(prefixed)).anySatisfy(f -> {
            assertThat(f.elementId()).isEqualTo("Task_Work");
            assertThat(f.rule()).contains("the engine does not call it: its attribute camunda:delegateExpression "
                    + "has a prefix, and the engine reads only the plain delegateExpression");
        });

        // the engine reads Activiti's old namespace only when there is no listener in
        // Camunda's: this complete listener is never called
        String mixed = approvalTask("Task_Work", property("decisionStep", "CAB_VOTE") + property("fourEyes", "true"),
                "<camunda:taskListener delegateExpression=\"${recordDecisionListener}\" event=\"create\" />"
                        + "<activiti:taskListener xmlns:activiti=\"http://activiti.org/bpmn\" "
                        + "delegateExpression=\"${recordDecisionListener}\" event=\"complete\" />");
        assertThat(inPatchChange(mixed)).anySatisfy(f -> assertThat(f.rule())
            .startsWith("is an approval step (decisionStep = CAB_VOTE) but does not call ${recordDecisionListener} "
                    + "as a task listener on complete"));
    }

    @Test
    void fourEyes_aPropertyIsReadAsTheEngineReadsIt_aPrefixedValueIsNamed() {
        String prefixed = approvalTask("Task_Work",
                property("decisionStep", "CAB_VOTE") + "<camunda:property name=\"fourEyes\" camunda:value=\"true\" />",
                LISTENERS);
        assertThat(inPatchChange(prefixed)).satisfiesExactlyInAnyOrder(f -> {
            assertThat(f.elementId()).isEqualTo("Task_Work");
            assertThat(f.rule()).isEqualTo("has a camunda:property 'fourEyes' with the attribute camunda:value, which "
                    + "the engine ignores: it reads only the plain name and value, so write value=\"true\" without a "
                    + "prefix");
        }, f -> {
            assertThat(f.elementId()).isEqualTo("Task_Work");
            assertThat(f.rule())
                .startsWith("has the property fourEyes without a plain value the engine reads on a " + "CAB_VOTE step");
        });

        // without a decisionStep the engine reads, the task is no approval step
        String step = approvalTask("Task_Work",
                "<camunda:property name=\"decisionStep\" camunda:value=\"CAB_VOTE\" />" + property("fourEyes", "true"),
                LISTENERS);
        assertThat(inPatchChange(step)).singleElement()
            .satisfies(f -> assertThat(f.rule()).startsWith("has a camunda:property 'decisionStep' with the attribute "
                    + "camunda:value, which the engine ignores"));
    }

    // --- the route to the approvals ---

    static final String RECORD_APPROVAL = "<bpmn:serviceTask id=\"Task_RecordApproval\" name=\"Record approval\" "
            + "camunda:delegateExpression=\"${recordApprovalDelegate}\" />";

    static final String START_DEPLOYMENT = "<bpmn:serviceTask id=\"Task_StartDeployment\" name=\"Start deployment\" "
            + "camunda:delegateExpression=\"${startDeploymentDelegate}\" />";

    static final String PRE_APPROVAL = "<bpmn:serviceTask id=\"Task_RecordPreApproval\" name=\"Record pre-approval\" "
            + "camunda:delegateExpression=\"${preApproveChangeDelegate}\" />";

    static final String APPROVE = approvalTask("Task_Approve",
            property("decisionStep", "CAB_VOTE") + property("fourEyes", "true"), LISTENERS);

    /** A patch-change process of this body, its findings but the code contract's. */
    List<Finding> route(String body) {
        return validate("patch-change.bpmn", model(
                "id=\"patch-change\" name=\"Patch change\" isExecutable=\"true\" camunda:historyTimeToLive=\"P30D\"",
                body))
            .stream()
            .filter(f -> !"process".equals(f.elementType()))
            .toList();
    }

    @Test
    void route_everyPathToTheDeploymentRecordsAnApproval() {
        String approved = START + APPROVE + RECORD_APPROVAL + START_DEPLOYMENT + END
                + flow("Flow_1", "StartEvent_Begin", "Task_Approve")
                + flow("Flow_2", "Task_Approve", "Task_RecordApproval")
                + flow("Flow_3", "Task_RecordApproval", "Task_StartDeployment")
                + flow("Flow_4", "Task_StartDeployment", "EndEvent_Done");
        assertThat(route(approved)).isEmpty();

        String direct = START + START_DEPLOYMENT + END + flow("Flow_1", "StartEvent_Begin", "Task_StartDeployment")
                + flow("Flow_2", "Task_StartDeployment", "EndEvent_Done");
        assertThat(route(direct)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Task_StartDeployment");
            assertThat(f.rule()).isEqualTo("starts a deployment on a path that records no approval "
                    + "(recordApprovalDelegate): StartEvent_Begin → Task_StartDeployment; every path to a deployment "
                    + "must pass Task_RecordApproval");
        });
    }

    @Test
    void route_everyPathToTheRecordedApprovalPassesAFourEyesApprovalByItsOutgoingFlows() {
        String timer = "<bpmn:boundaryEvent id=\"Timer_Late\" name=\"Late\" attachedToRef=\"Task_Approve\">"
                + "<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>"
                + "</bpmn:boundaryEvent>";
        String body = START + APPROVE + timer + RECORD_APPROVAL + END
                + flow("Flow_1", "StartEvent_Begin", "Task_Approve")
                + flow("Flow_2", "Task_Approve", "Task_RecordApproval")
                + flow("Flow_Late", "Timer_Late", "Task_RecordApproval")
                + flow("Flow_3", "Task_RecordApproval", "EndEvent_Done");
        assertThat(route(body)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Task_RecordApproval");
            assertThat(f.rule()).isEqualTo("records an approval on a path without a four-eyes CAB vote or emergency "
                    + "approval, or the pre-approval: StartEvent_Begin → Task_Approve → Timer_Late → Task_RecordApproval; every path to "
                    + "it must pass an approval task (decisionStep, ${recordDecisionListener} on create and complete, "
                    + "fourEyes = true) by its outgoing flows, or Task_RecordPreApproval");
        });

        String noFourEyes = body.replace(timer, "")
            .replace(flow("Flow_Late", "Timer_Late", "Task_RecordApproval"), "")
            .replace(property("fourEyes", "true"), property("fourEyes", "false"));
        assertThat(route(noFourEyes)).filteredOn(f -> f.elementId().equals("Task_RecordApproval"))
            .singleElement()
            .satisfies(f -> assertThat(f.rule()).contains(": StartEvent_Begin → Task_Approve → Task_RecordApproval;"));
    }

    @Test
    void route_aNonInterruptingBoundaryEventThatEndsDoesNotEndItsSubProcess() {
        String inner = "<bpmn:subProcess id=\"SubProcess_Prepare\" name=\"Prepare\">" + INNER_START + APPROVE
                + "<bpmn:boundaryEvent id=\"Timer_Late\" name=\"Late\" attachedToRef=\"Task_Approve\" "
                + "cancelActivity=\"false\"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration>"
                + "</bpmn:timerEventDefinition></bpmn:boundaryEvent>"
                + "<bpmn:endEvent id=\"EndEvent_Late\" name=\"Escalated\" />" + RECORD_APPROVAL + INNER_END
                + flow("Flow_I1", "StartEvent_Inner", "Task_Approve")
                + flow("Flow_I2", "Task_Approve", "Task_RecordApproval")
                + flow("Flow_I3", "Task_RecordApproval", "EndEvent_Inner")
                + flow("Flow_I4", "Timer_Late", "EndEvent_Late") + "</bpmn:subProcess>";
        String body = START + inner + START_DEPLOYMENT + END + flow("Flow_1", "StartEvent_Begin", "SubProcess_Prepare")
                + flow("Flow_2", "SubProcess_Prepare", "Task_StartDeployment")
                + flow("Flow_3", "Task_StartDeployment", "EndEvent_Done");
        assertThat(route(body)).as("the escalation's token ends; the approval's goes on").isEmpty();

        String interrupting = body.replace(" cancelActivity=\"false\"", "");
        assertThat(route(interrupting)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Task_StartDeployment");
            assertThat(f.rule()).contains(": StartEvent_Begin → SubProcess_Prepare → StartEvent_Inner → Task_Approve "
                    + "→ Timer_Late → EndEvent_Late → SubProcess_Prepare → Task_StartDeployment;");
        });
    }

    @Test
    void route_thePreApprovalIsReachedOnlyWithTheShippedCondition() {
        String gateway = "<bpmn:exclusiveGateway id=\"Gateway_Type\" name=\"Change type?\" default=\"Flow_Normal\" />";
        String body = START + gateway + APPROVE + PRE_APPROVAL + RECORD_APPROVAL + END
                + flow("Flow_1", "StartEvent_Begin", "Gateway_Type")
                + conditional("Flow_Standard", "Gateway_Type", "Task_RecordPreApproval", "%s")
                + flow("Flow_Normal", "Gateway_Type", "Task_Approve")
                + flow("Flow_2", "Task_Approve", "Task_RecordApproval")
                + flow("Flow_3", "Task_RecordPreApproval", "Task_RecordApproval")
                + flow("Flow_4", "Task_RecordApproval", "EndEvent_Done");
        assertThat(route(body.formatted("${changeType == 'STANDARD'}"))).isEmpty();

        assertThat(route(body.formatted("${changeType != 'EMERGENCY'}"))).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Flow_Standard");
            assertThat(f.rule()).isEqualTo("leads to the pre-approval Task_RecordPreApproval with the condition "
                    + "${changeType != 'EMERGENCY'}; only a standard change is pre-approved, so the flow must be a "
                    + "conditional flow with exactly ${changeType == 'STANDARD'}, not a default flow and not after a "
                    + "parallel or event-based gateway");
        });
    }

    @Test
    void route_aRejectedChangeStopsAtTheShippedDeploymentCondition() {
        String reject = "<bpmn:serviceTask id=\"Task_RecordRejection\" name=\"Record rejection\" "
                + "camunda:delegateExpression=\"${rejectChangeDelegate}\" />";
        String inner = "<bpmn:subProcess id=\"SubProcess_Prepare\" name=\"Prepare\">" + INNER_START
                + "<bpmn:exclusiveGateway id=\"Gateway_Decision\" name=\"Decision?\" default=\"Flow_No\" />" + APPROVE
                + reject + RECORD_APPROVAL + INNER_END + "<bpmn:endEvent id=\"EndEvent_Rejected\" name=\"Rejected\" />"
                + flow("Flow_I1", "StartEvent_Inner", "Task_Approve")
                + flow("Flow_I2", "Task_Approve", "Gateway_Decision")
                + conditional("Flow_Yes", "Gateway_Decision", "Task_RecordApproval", "${decision == 'approve'}")
                + flow("Flow_No", "Gateway_Decision", "Task_RecordRejection")
                + flow("Flow_I3", "Task_RecordRejection", "EndEvent_Rejected")
                + flow("Flow_I4", "Task_RecordApproval", "EndEvent_Inner") + "</bpmn:subProcess>";
        String body = START + inner
                + "<bpmn:exclusiveGateway id=\"Gateway_Ready\" name=\"Deploy?\" default=\"Flow_Stop\" />"
                + START_DEPLOYMENT + END + flow("Flow_1", "StartEvent_Begin", "SubProcess_Prepare")
                + flow("Flow_2", "SubProcess_Prepare", "Gateway_Ready")
                + conditional("Flow_Deploy", "Gateway_Ready", "Task_StartDeployment", "%s")
                + flow("Flow_Stop", "Gateway_Ready", "EndEvent_Done")
                + flow("Flow_3", "Task_StartDeployment", "EndEvent_Done");
        assertThat(route(body.formatted("${outcome == null}"))).isEmpty();

        assertThat(route(body.formatted("${true}"))).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Task_StartDeployment");
            assertThat(f.rule()).contains(": StartEvent_Begin → SubProcess_Prepare → StartEvent_Inner → Task_Approve "
                    + "→ Gateway_Decision → Task_RecordRejection → EndEvent_Rejected → SubProcess_Prepare → "
                    + "Gateway_Ready → Task_StartDeployment;");
        });
    }

    @Test
    void route_nothingMapsTheVariablesTheRouteDecidesOnNorRunsItsDelegatesOffTheRoute() {
        String mapped = "<bpmn:task id=\"Task_Work\" name=\"Do work\"><bpmn:extensionElements><camunda:inputOutput>"
                + "<camunda:outputParameter name=\"changeType\">STANDARD</camunda:outputParameter>"
                + "</camunda:inputOutput></bpmn:extensionElements></bpmn:task>";
        assertThat(route(around(mapped))).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Task_Work");
            assertThat(f.rule()).isEqualTo("writes the variable changeType in a camunda:outputParameter; the route to "
                    + "the approvals decides on it (${changeType == 'STANDARD'}, ${outcome == null}), so only "
                    + "Patchflow sets it: remove the mapping");
        });

        String listener = "<bpmn:task id=\"Task_Work\" name=\"Do work\"><bpmn:extensionElements>"
                + "<camunda:executionListener delegateExpression=\"${startDeploymentDelegate}\" event=\"start\" />"
                + "</bpmn:extensionElements></bpmn:task>";
        assertThat(route(around(listener))).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Task_Work");
            assertThat(f.rule()).isEqualTo("names ${startDeploymentDelegate} in delegateExpression; it runs only as a "
                    + "task's camunda:delegateExpression, where the route to the approvals is checked");
        });
    }

    @Test
    void route_theShippedProcessKeepsItsRoute_andEachBypassIsNamedWithItsPath() {
        String model = shipped("bpmn/patch-change.bpmn");
        assertThat(withShippedForms(model)).isEmpty();

        // every normal change to the pre-approval
        assertThat(withShippedForms(model.replace("${changeType == 'STANDARD'}", "${changeType != 'EMERGENCY'}")))
            .singleElement()
            .satisfies(f -> assertThat(f.elementId()).isEqualTo("Flow_Standard"));

        // the emergency approval's overdue timer made interrupting: the escalation ends
        // the
        // preparation with no outcome, and the change deploys
        String interrupting = model.replace(
                "cancelActivity=\"false\" attachedToRef=\"" + PatchChange.TASK_APPROVE_EMERGENCY + "\"",
                "attachedToRef=\"" + PatchChange.TASK_APPROVE_EMERGENCY + "\"");
        assertThat(interrupting).isNotEqualTo(model);
        assertThat(withShippedForms(interrupting)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo(PatchChange.TASK_START_DEPLOYMENT);
            assertThat(f.rule()).contains("Task_ApproveEmergency → Timer_EmergencyOverdue → "
                    + "Task_EscalateEmergencyApproval → EndEvent_EmergencyEscalated → SubProcess_BeforeDeployment → "
                    + "Gateway_ReadyToDeploy → Task_StartDeployment");
        });

        // a technical review is not the change's approval: straight from it past the CAB
        String pastTheCab = model.replace("sourceRef=\"Gateway_ReviewDecision\" targetRef=\"Task_ApproveChange\"",
                "sourceRef=\"Gateway_ReviewDecision\" targetRef=\"Gateway_Approved\"");
        assertThat(pastTheCab).isNotEqualTo(model);
        assertThat(withShippedForms(pastTheCab)).anySatisfy(f -> {
            assertThat(f.elementId()).isEqualTo(PatchChange.TASK_RECORD_APPROVAL);
            assertThat(f.rule()).contains("Task_ReviewTechnically → Gateway_ReviewDecision → Gateway_Approved");
        });

        // an emergency approved by no one: its flow led straight to the approval
        String around = model.replace("sourceRef=\"Gateway_ChangeType\" targetRef=\"Task_ApproveEmergency\"",
                "sourceRef=\"Gateway_ChangeType\" targetRef=\"Gateway_Approved\"");
        assertThat(around).isNotEqualTo(model);
        assertThat(withShippedForms(around)).anySatisfy(f -> {
            assertThat(f.elementId()).isEqualTo(PatchChange.TASK_RECORD_APPROVAL);
            assertThat(f.rule()).contains(": StartEvent_ChangeSubmitted → SubProcess_BeforeDeployment → "
                    + "StartEvent_Preparation → Gateway_AssessmentLoop → Task_AssessRisk → Task_NoteAssessment → "
                    + "Gateway_ChangeType → Gateway_Approved → Task_RecordApproval;");
        });
    }

    // --- delegates only in Patchflow's processes ---

    @Test
    void delegatesOutsidePatchflowsOwnProcessKeysAreNamed() {
        String task = "<bpmn:serviceTask id=\"Task_Work\" name=\"Assess risk\" camunda:delegateExpression=\"${assessRiskDelegate}\" />";
        assertThat(validate(around(task))).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Task_Work");
            assertThat(f.rule()).isEqualTo("calls assessRiskDelegate, but Patchflow's delegates act on a change and "
                    + "run only in the processes patch-change and patch-proposals; in the process 'work' the call "
                    + "would fail when it runs, so model this as an embedded sub-process of one of those");
        });
        String helper = "<bpmn:task id=\"Task_Work\" name=\"Read cycle\"><bpmn:extensionElements><camunda:inputOutput>"
                + "<camunda:inputParameter name=\"c\">${proposalSettings.cycle()}</camunda:inputParameter>"
                + "</camunda:inputOutput></bpmn:extensionElements></bpmn:task>";
        assertThat(validate(around(helper))).as("helpers resolve everywhere").isEmpty();
    }

    // --- what the code addresses ---

    @Test
    void thePatchChangeProcessKeepsTheElementsAndMessagesTheCodeAddresses() {
        String model = shipped("bpmn/patch-change.bpmn");
        assertThat(withShippedForms(model)).isEmpty();

        String withoutMessage = model.replace("name=\"Msg_WaveFinished\"", "name=\"Msg_WaveDone\"");
        assertThat(withShippedForms(withoutMessage)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo(PatchChange.PROCESS_KEY);
            assertThat(f.rule()).isEqualTo("has no message named Msg_WaveFinished; Patchflow sends it (the agents, "
                    + "when a deployment wave has finished), so keep the message and an event that receives it");
        });

        String renamedTask = model.replace("\"" + PatchChange.TASK_REVIEW_TECHNICALLY + "\"", "\"Task_Review\"");
        assertThat(withShippedForms(renamedTask)).anySatisfy(f -> {
            assertThat(f.elementId()).isEqualTo(PatchChange.PROCESS_KEY);
            assertThat(f.rule()).isEqualTo("has no userTask Task_ReviewTechnically; Patchflow's code reaches it by "
                    + "this id (bulk approval in the inbox), so keep it");
        });
    }

    /** patch-change.bpmn in this version, with the forms it refers to. */
    List<Finding> withShippedForms(String patchChange) {
        List<ModelFile> files = new ArrayList<>(List.of(file("patch-change.bpmn", patchChange)));
        try (Stream<java.nio.file.Path> forms = Files.list(RepositoryFiles.path("forms"))) {
            forms.forEach(
                    form -> files.add(file(form.getFileName().toString(), shipped("forms/" + form.getFileName()))));
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return validation.validate(files);
    }

    static String decision(String key, String output, String entry) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:camunda="http://camunda.org/schema/1.0/dmn"
                    id="Definitions_Test" name="Test" namespace="test">
                  <decision id="%s" name="Test" camunda:historyTimeToLive="P30D">
                    <decisionTable id="Table_Test" hitPolicy="FIRST">
                      <input id="Input_1"><inputExpression id="InputExpression_1" typeRef="string"><text>x</text></inputExpression></input>
                      <output id="Output_1" name="%s" typeRef="string" />
                      <rule id="Rule_1"><inputEntry id="In_1"><text>-</text></inputEntry><outputEntry id="Out_1"><text>%s</text></outputEntry></rule>
                    </decisionTable>
                  </decision>
                </definitions>
                """
            .formatted(key, output, entry);
    }

    @Test
    void decisionOutputs_areTheNamesTheRiskAssessmentTurnsIntoEnumsAndGroups() {
        assertThat(validate("risk.dmn", decision("risk-level", "riskLevel", "\"HIGH\""))).isEmpty();
        assertThat(validate("risk.dmn", decision("risk-level", "riskLevel", "\"SEVERE\""))).singleElement()
            .satisfies(f -> {
                assertThat(f.elementId()).isEqualTo("Out_1");
                assertThat(f.rule()).isEqualTo("riskLevel is \"SEVERE\", which is not a risk level Patchflow knows; "
                        + "write one of \"CRITICAL\", \"HIGH\", \"LOW\", \"MEDIUM\"");
            });
        assertThat(validate("risk.dmn", decision("change-type", "changeType", "x"))).singleElement()
            .satisfies(f -> assertThat(f.rule()).isEqualTo("changeType is x; Patchflow reads it as a change type, "
                    + "so write one of \"EMERGENCY\", \"NORMAL\", \"STANDARD\""));
        assertThat(validate("risk.dmn", decision("sla-deadline", "slaBand", ""))).singleElement()
            .satisfies(f -> assertThat(f.rule()).startsWith("slaBand is empty; Patchflow reads it as an SLA band"));
        assertThat(validate("risk.dmn", decision("sla-deadline", "band", "\"HIGH\""))).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Table_Test");
            assertThat(f.rule()).isEqualTo("has no output named slaBand; Patchflow's risk assessment reads it from "
                    + "sla-deadline, so keep that output column");
        });
        assertThat(validate("other.dmn", decision("window", "window", "\"anything\""))).as("not a risk decision")
            .isEmpty();
    }

    @Test
    void decisionOutputs_groupsAreRoleGroupsOrEmpty() {
        String routing = shipped("bpmn/change-risk.dmn");
        assertThat(validate("change-risk.dmn", routing)).isEmpty();
        String unknownGroup = routing.replace("<outputEntry id=\"Out_approval_routing_3_0\"><text>\"approver\"</text>",
                "<outputEntry id=\"Out_approval_routing_3_0\"><text>\"security-board\"</text>");
        assertThat(validate("change-risk.dmn", unknownGroup)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Out_approval_routing_3_0");
            assertThat(f.rule())
                .startsWith("reviewGroup is \"security-board\", which is not a role's group Patchflow "
                        + "knows; write one of ")
                .contains("\"approver\"", "\"change-manager\"")
                .endsWith(" or \"\" for nobody");
        });
    }

}
