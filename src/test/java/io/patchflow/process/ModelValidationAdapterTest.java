package io.patchflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.bpmn.deployer.BpmnDeployer;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import com.sun.net.httpserver.HttpServer;

import io.patchflow.modeling.ModelFile;
import io.patchflow.modeling.ModelFinding;
import io.patchflow.modeling.ModelValidator;
import io.patchflow.process.sandbox.ModelRefusedException;
import io.patchflow.testsupport.RepositoryFiles;

/**
 * The validation as the analysts' workspace and the Camunda Modeler's endpoint call it,
 * on Patchflow's engine: the engine's own parse without deploying, references against
 * what start-up deployed, files as other tools export them, and nothing fetched, written
 * or refused by the engine API's guard on the way.
 */
@SpringBootTest
@ActiveProfiles("test")
class ModelValidationAdapterTest {

    @Autowired
    ModelValidator validator;

    @Autowired
    ProcessEngine engine;

    @Test
    void theShippedModelsHaveNoFinding_togetherAndEachAloneAgainstWhatIsDeployed() throws IOException {
        List<ModelFile> shipped = shipped();
        assertThat(validator.validate(shipped)).isEmpty();
        for (ModelFile file : shipped) {
            assertThat(validator.validate(List.of(file))).as(file.name()).isEmpty();
        }
    }

    @Test
    void validatingDeploysNothing() throws IOException {
        long deployments = engine.getRepositoryService().createDeploymentQuery().count();
        long definitions = engine.getRepositoryService().createProcessDefinitionQuery().count();

        validator.validate(shipped());
        validator.validate(List.of(fixture("zeebe-export.bpmn")));

        assertThat(engine.getRepositoryService().createDeploymentQuery().count()).isEqualTo(deployments);
        assertThat(engine.getRepositoryService().createProcessDefinitionQuery().count()).isEqualTo(definitions);
    }

    @Test
    void theEnginesOwnParseSpeaksPlainly_namingTheElementAndItsLine() {
        String model = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Test" targetNamespace="test">
                  <bpmn:process id="work" name="Work" isExecutable="true" camunda:historyTimeToLive="P30D">
                    <bpmn:startEvent id="StartEvent_Begin" name="Begun" />
                    <bpmn:serviceTask id="Task_Work" name="Do work" />
                    <bpmn:endEvent id="EndEvent_Done" name="Done" />
                    <bpmn:sequenceFlow id="Flow_In" sourceRef="StartEvent_Begin" targetRef="Task_Work" />
                    <bpmn:sequenceFlow id="Flow_Out" sourceRef="Task_Work" targetRef="EndEvent_Done" />
                  </bpmn:process>
                </bpmn:definitions>
                """;
        assertThat(validate("work.bpmn", model)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Task_Work");
            assertThat(f.elementType()).isEqualTo("serviceTask");
            assertThat(f.line()).isEqualTo(6);
            assertThat(f.rule()).startsWith("the engine cannot run this: One of the attributes 'class', "
                    + "'delegateExpression', 'type', or 'expression' is mandatory on serviceTask");
            assertThat(f.message()).doesNotContain("ENGINE-");
        });

        String schema = model.replace("<bpmn:serviceTask id=\"Task_Work\" name=\"Do work\" />",
                "<bpmn:userTask id=\"Task_Work\" name=\"Do work\"><bpmn:startEvent id=\"StartEvent_Inside\" /></bpmn:userTask>");
        assertThat(validate("work.bpmn", schema)).anySatisfy(f -> {
            assertThat(f.elementId()).isEqualTo("StartEvent_Inside");
            assertThat(f.line()).isEqualTo(6);
            assertThat(f.rule()).startsWith("does not follow the BPMN schema: ").doesNotContain("cvc-");
        });
    }

    @Test
    void theDecisionEnginesTransformSpeaksPlainlyToo() {
        String dmn = """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:camunda="http://camunda.org/schema/1.0/dmn"
                    id="Definitions_Test" name="Test" namespace="test">
                  <decision id="window" name="Window" camunda:historyTimeToLive="P30D">
                    <decisionTable id="Table_Window">
                      <input id="Input_1"><inputExpression id="InputExpression_1" typeRef="string"><text>x</text></inputExpression></input>
                      <output id="Output_1" name="window" typeRef="string" />
                      <rule id="Rule_Short"><inputEntry id="In_1"><text>-</text></inputEntry><inputEntry id="In_2"><text>-</text></inputEntry>
                        <outputEntry id="Out_1"><text>"weekend"</text></outputEntry></rule>
                    </decisionTable>
                  </decision>
                </definitions>
                """;
        assertThat(validate("window.dmn", dmn)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Rule_Short");
            assertThat(f.elementType()).isEqualTo("rule");
            assertThat(f.rule()).isEqualTo("the engine cannot run this: The number of inputs '1' and input entries "
                    + "differ '2' for rule 'Rule_Short'.");
        });
    }

    @Test
    void referencesResolveAgainstWhatIsDeployed() {
        String model = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Test" targetNamespace="test">
                  <bpmn:process id="work" name="Work" isExecutable="true" camunda:historyTimeToLive="P30D">
                    <bpmn:startEvent id="StartEvent_Begin" name="Begun" />
                    <bpmn:userTask id="Task_Review" name="Review" camunda:formRef="FORM" camunda:formRefBinding="latest" />
                    <bpmn:businessRuleTask id="Task_Decide" name="Decide level" camunda:decisionRef="DECISION" camunda:resultVariable="level" camunda:mapDecisionResult="singleEntry" />
                    <bpmn:callActivity id="Task_Call" name="Run proposals" calledElement="PROCESS" />
                    <bpmn:endEvent id="EndEvent_Done" name="Done" />
                    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Begin" targetRef="Task_Review" />
                    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Review" targetRef="Task_Decide" />
                    <bpmn:sequenceFlow id="Flow_3" sourceRef="Task_Decide" targetRef="Task_Call" />
                    <bpmn:sequenceFlow id="Flow_4" sourceRef="Task_Call" targetRef="EndEvent_Done" />
                  </bpmn:process>
                </bpmn:definitions>
                """;
        assertThat(validate("work.bpmn",
                model.replace("FORM", "review-change")
                    .replace("DECISION", "risk-level")
                    .replace("PROCESS", "patch-proposals")))
            .isEmpty();
        assertThat(validate("work.bpmn",
                model.replace("FORM", "review-changes").replace("DECISION", "risk").replace("PROCESS", "proposals")))
            .extracting(ModelFinding::elementId)
            .containsExactly("Task_Review", "Task_Decide", "Task_Call");
    }

    /**
     * The engine's validating parser would fetch a schema a model names; the policy
     * refuses the model first, in the validation and in the deploy path.
     */
    @Test
    void aModelNamingAnOutsideSchemaGetsAFindingAndNothingIsFetched() throws IOException {
        AtomicInteger fetched = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            fetched.incrementAndGet();
            byte[] xsd = """
                    <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:patchflow-test">
                      <xs:element name="thing" />
                    </xs:schema>
                    """.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, xsd.length);
            exchange.getResponseBody().write(xsd);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/thing.xsd";
            String model = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                        xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                        xmlns:t="urn:patchflow-test" xsi:schemaLocation="urn:patchflow-test URL"
                        id="Definitions_Fetch" targetNamespace="test">
                      <bpmn:process id="fetch" name="Fetch" isExecutable="true" camunda:historyTimeToLive="P30D">
                        <bpmn:extensionElements><t:thing /></bpmn:extensionElements>
                        <bpmn:startEvent id="StartEvent_Begin" name="Begun" />
                        <bpmn:endEvent id="EndEvent_Done" name="Done" />
                        <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Begin" targetRef="EndEvent_Done" />
                      </bpmn:process>
                    </bpmn:definitions>
                    """
                .replace("URL", url);

            assertThat(validate("fetch.bpmn", model)).singleElement().satisfies(f -> {
                assertThat(f.elementId()).isEqualTo("Definitions_Fetch");
                assertThat(f.rule()).startsWith("points to a schema outside the file");
            });
            assertThatThrownBy(
                    () -> engine.getRepositoryService().createDeployment().addString("fetch.bpmn", model).deploy())
                .isInstanceOf(ModelRefusedException.class);
            assertThat(fetched).as("requests to the schema's address").hasValue(0);

            // without the policy in front, the engine's parser does fetch it
            engineParseAlone(model.getBytes(StandardCharsets.UTF_8));
            assertThat(fetched).as("requests when the engine reads the file itself").hasPositiveValue();
        }
        finally {
            server.stop(0);
        }
    }

    /**
     * The Modeler's endpoint validates on a thread serving the engine REST API, where the
     * guard refuses every engine command that is not a read.
     */
    @Test
    void validationRunsOnAThreadServingTheEngineRestApi() throws IOException {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/engine-rest/deployment/create");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        SecurityContextHolder.getContext()
            .setAuthentication(UsernamePasswordAuthenticationToken.authenticated("frank", null,
                    AuthorityUtils.createAuthorityList("ROLE_PROCESS_ANALYST")));
        try {
            assertThatThrownBy(() -> engine.getIdentityService().checkPassword("frank", "demo"))
                .as("the guard judges this thread")
                .isInstanceOf(AuthorizationException.class);

            // the BPMN file alone: its form references are looked up in the engine
            assertThat(validator.validate(List.of(shippedFile("bpmn", "patch-change.bpmn")))).isEmpty();
            assertThat(validator.validate(List.of(shippedFile("bpmn", "change-risk.dmn")))).isEmpty();
            assertThat(validator.validate(List.of(fixture("broken-references.bpmn")))).hasSize(5);
        }
        finally {
            RequestContextHolder.resetRequestAttributes();
            SecurityContextHolder.clearContext();
        }
    }

    /**
     * Models as other tools export them, and files that are no model at all: each gets
     * specific findings or none, and none makes the validation throw.
     */
    @ParameterizedTest
    @ValueSource(strings = { "collaboration-from-another-tool.bpmn", "latin-1.bpmn", "utf-16-bom.bpmn",
            "signavio-export.bpmn", "zeebe-export.bpmn", "not-run-elements.bpmn", "broken-references.bpmn",
            "other-tool.dmn", "not-xml.bpmn", "empty.bpmn" })
    void modelsAsOtherToolsExportThem(String name) throws IOException {
        List<String> findings = validator.validate(List.of(fixture(name)))
            .stream()
            .map(f -> f.elementId() + ": " + f.rule())
            .toList();

        List<String> expected = EXPECTED.get(name);
        assertThat(findings).as(name).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(findings.get(i)).as(name).startsWith(expected.get(i));
        }
    }

    private static final Map<String, List<String>> EXPECTED = Map.of("collaboration-from-another-tool.bpmn", List.of(),
            "latin-1.bpmn", List.of(), "utf-16-bom.bpmn", List.of(), "signavio-export.bpmn",
            List.of("sid-definitions: points to a schema outside the file (xsi:schemaLocation=",
                    "sid-patch-review: the file has no executable process"),
            "zeebe-export.bpmn",
            List.of("Task_SendNotice: the engine cannot run this: One of the attributes 'class', 'delegateExpression'",
                    "notify-owner: the process has no camunda:historyTimeToLive"),
            "not-run-elements.bpmn",
            List.of("Flow_1: the engine cannot run this: Invalid destination 'SubProcess_AdHoc'",
                    "Flow_2: the engine cannot run this: Invalid source 'SubProcess_AdHoc'",
                    "Flow_3: the engine cannot run this: Invalid source 'Gateway_Complex'",
                    "Gateway_Complex: is a complex gateway, which the engine does not run",
                    "SubProcess_AdHoc: is an ad-hoc sub-process, which the engine does not run"),
            "broken-references.bpmn",
            List.of("Task_FillChosen: the engine cannot run this: Invalid element definition: value for formRefBinding",
                    "Task_Fill: formRef names the form 'no-such-form', which is neither among these files nor deployed",
                    "Task_FillChosen: formRef is the expression ${formName}",
                    "Task_Decide: decisionRef names the decision 'no-such-decision'",
                    "Task_CallOther: calledElement names the process 'no-such-process'"),
            "other-tool.dmn",
            List.of("Definitions_Other: imports https://example.com/shared.dmn",
                    "maintenance-window: the decision has no camunda:historyTimeToLive"),
            "not-xml.bpmn", List.of("null: the file is not well-formed XML"), "empty.bpmn",
            List.of("null: the file is not well-formed XML"));

    @Test
    void hugeAndDeeplyNestedModelsGetFindingsOrPass_neverAnError() {
        StringBuilder nested = new StringBuilder();
        for (int depth = 0; depth < 30; depth++) {
            nested.append("<bpmn:subProcess id=\"SubProcess_")
                .append(depth)
                .append("\" name=\"Level ")
                .append(depth)
                .append("\"><bpmn:startEvent id=\"StartEvent_")
                .append(depth)
                .append("\" name=\"Level begun\" />")
                .append("<bpmn:sequenceFlow id=\"Flow_In_")
                .append(depth)
                .append("\" sourceRef=\"StartEvent_")
                .append(depth)
                .append("\" targetRef=\"")
                .append(depth == 29 ? "EndEvent_" + depth : "SubProcess_" + (depth + 1))
                .append("\" />");
        }
        for (int depth = 29; depth >= 0; depth--) {
            if (depth < 29) {
                nested.append("<bpmn:sequenceFlow id=\"Flow_Out_")
                    .append(depth)
                    .append("\" sourceRef=\"SubProcess_")
                    .append(depth + 1)
                    .append("\" targetRef=\"EndEvent_")
                    .append(depth)
                    .append("\" />");
            }
            nested.append("<bpmn:endEvent id=\"EndEvent_").append(depth).append("\" name=\"Level done\" />");
            nested.append("</bpmn:subProcess>");
        }
        String deep = process("<bpmn:startEvent id=\"StartEvent_Begin\" name=\"Begun\" />" + nested
                + "<bpmn:endEvent id=\"EndEvent_Done\" name=\"Done\" />"
                + "<bpmn:sequenceFlow id=\"Flow_1\" sourceRef=\"StartEvent_Begin\" targetRef=\"SubProcess_0\" />"
                + "<bpmn:sequenceFlow id=\"Flow_2\" sourceRef=\"SubProcess_0\" targetRef=\"EndEvent_Done\" />");
        assertThat(validate("deep.bpmn", deep)).as("30 nested sub-processes").isEmpty();

        String tooDeep = process("<bpmn:startEvent id=\"StartEvent_Begin\" name=\"Begun\">" + "<bpmn:extensionElements>"
                + "<x:a xmlns:x=\"urn:other\">".repeat(150) + "</x:a>".repeat(150)
                + "</bpmn:extensionElements></bpmn:startEvent>");
        assertThat(validate("too-deep.bpmn", tooDeep)).singleElement()
            .satisfies(f -> assertThat(f.rule()).contains("nests elements more than 100 levels deep"));

        byte[] tooBig = process("<bpmn:startEvent id=\"StartEvent_Begin\" name=\"Begun\"><bpmn:documentation>"
                + "x".repeat(3 * 1024 * 1024) + "</bpmn:documentation></bpmn:startEvent>")
            .getBytes(StandardCharsets.UTF_8);
        assertThat(validator.validate(List.of(new ModelFile("big.bpmn", tooBig)))).singleElement()
            .satisfies(f -> assertThat(f.rule()).contains("more than the 2097152 a model file may have"));
    }

    /**
     * Camunda Modeler gives a deployment 5 s; the validation of a model at the size limit
     * answers well within that. A timing, not a benchmark: the figure is printed for the
     * record, and the test fails only if it is far off.
     */
    @Test
    void aModelAtTheSizeLimitIsValidatedWithinTheModelersTimeout() throws IOException {
        validator.validate(shipped());
        StringBuilder body = new StringBuilder("<bpmn:startEvent id=\"StartEvent_Begin\" name=\"Begun\" />");
        String previous = "StartEvent_Begin";
        int tasks = 0;
        while (body.length() < 1_950_000) {
            String task = "Task_" + tasks;
            body.append("<bpmn:userTask id=\"")
                .append(task)
                .append("\" name=\"Check item ")
                .append(tasks)
                .append("\" camunda:candidateGroups=\"approver\" camunda:dueDate=\"P1D\"><bpmn:documentation>")
                .append("An approver checks one item of the change list before it goes on. ".repeat(2))
                .append("</bpmn:documentation></bpmn:userTask>")
                .append("<bpmn:sequenceFlow id=\"Flow_")
                .append(tasks)
                .append("\" sourceRef=\"")
                .append(previous)
                .append("\" targetRef=\"")
                .append(task)
                .append("\" />");
            previous = task;
            tasks++;
        }
        body.append("<bpmn:endEvent id=\"EndEvent_Done\" name=\"Done\" />")
            .append("<bpmn:sequenceFlow id=\"Flow_End\" sourceRef=\"")
            .append(previous)
            .append("\" targetRef=\"EndEvent_Done\" />");
        byte[] large = process(body.toString()).getBytes(StandardCharsets.UTF_8);

        long started = System.nanoTime();
        List<ModelFinding> findings = validator.validate(List.of(new ModelFile("large.bpmn", large)));
        long largeMillis = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        validator.validate(shipped());
        long shippedMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("model validation: %d bytes, %d user tasks in %d ms; the shipped models in %d ms%n",
                large.length, tasks, largeMillis, shippedMillis);

        assertThat(findings).isEmpty();
        assertThat(large.length).isGreaterThan(1_900_000);
        assertThat(largeMillis).isLessThan(5_000);
    }

    private void engineParseAlone(byte[] bpmn) {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine
            .getProcessEngineConfiguration();
        BpmnDeployer deployer = configuration.getDeployers()
            .stream()
            .filter(BpmnDeployer.class::isInstance)
            .map(BpmnDeployer.class::cast)
            .findFirst()
            .orElseThrow();
        DeploymentEntity probe = new DeploymentEntity();
        probe.setNew(true);
        probe.setId("control");
        Context.setProcessEngineConfiguration(configuration);
        try {
            deployer.getBpmnParser()
                .createParse()
                .sourceInputStream(new ByteArrayInputStream(bpmn))
                .deployment(probe)
                .name("control.bpmn")
                .execute();
        }
        catch (RuntimeException e) {
            // whether it parses does not matter here, only what it fetched
        }
        finally {
            Context.removeProcessEngineConfiguration();
        }
    }

    private static String process(String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Test" targetNamespace="test">
                  <bpmn:process id="work" name="Work" isExecutable="true" camunda:historyTimeToLive="P30D">
                %s
                  </bpmn:process>
                </bpmn:definitions>
                """.formatted(body);
    }

    private List<ModelFinding> validate(String name, String content) {
        return validator.validate(List.of(new ModelFile(name, content.getBytes(StandardCharsets.UTF_8))));
    }

    /** A file of src/test/resources/models/. */
    private static ModelFile fixture(String name) throws IOException {
        try (var in = ModelValidationAdapterTest.class.getResourceAsStream("/models/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture models/" + name);
            }
            return new ModelFile(name, in.readAllBytes());
        }
    }

    private static ModelFile shippedFile(String dir, String name) throws IOException {
        return new ModelFile(name, Files.readAllBytes(RepositoryFiles.path(dir, name)));
    }

    private static List<ModelFile> shipped() throws IOException {
        List<ModelFile> files = new ArrayList<>();
        for (String dir : List.of("bpmn", "forms")) {
            try (Stream<Path> paths = Files.list(RepositoryFiles.path(dir))) {
                for (Path path : paths.sorted().toList()) {
                    files.add(new ModelFile(path.getFileName().toString(), Files.readAllBytes(path)));
                }
            }
        }
        return files;
    }

}
