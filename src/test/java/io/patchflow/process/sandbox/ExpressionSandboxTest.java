package io.patchflow.process.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.patchflow.testsupport.EvilModels;
import io.patchflow.testsupport.EvilModels.Payload;
import io.patchflow.testsupport.EvilModels.Place;

/**
 * The run-time half of the sandbox on its own: an engine with Patchflow's expression
 * manager and script resolver but without the deploy-time rules, so every evil model
 * deploys and runs to its payload. Beside it, the same engine with Camunda's default
 * expression manager proves that each payload is real: there, it runs.
 */
class ExpressionSandboxTest {

    static final AtomicInteger DELEGATE_CALLS = new AtomicInteger();
    static final JavaDelegate RECORDING_DELEGATE = execution -> DELEGATE_CALLS.incrementAndGet();

    /** A helper with one allowed method and one that is not. */
    public static final class Helper {

        public String answer() {
            return "42";
        }

        public String secret() {
            return "not for models";
        }

    }

    static final Helper HELPER = new Helper();
    static final ModelBeans BEANS = new ModelBeans(Set.of("recordingDelegate"), Map.of("helper", Set.of("answer")),
            Set.of("own"), Set.of(), name -> name.equals("recordingDelegate") ? RECORDING_DELEGATE : HELPER);

    static ProcessEngine sandboxed;
    static ProcessEngine plain;

    @TempDir
    Path dir;

    @BeforeAll
    static void engines() {
        sandboxed = engine(configuration -> Sandbox.applyRuntime(configuration, BEANS));
        plain = engine(configuration -> {
        });
    }

    @AfterAll
    static void close() {
        sandboxed.close();
        plain.close();
    }

    private static ProcessEngine engine(Consumer<ProcessEngineConfigurationImpl> setup) {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration
            .createStandaloneInMemProcessEngineConfiguration()
            .setJdbcUrl("jdbc:h2:mem:sandbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
            .setProcessEngineName("sandbox-" + UUID.randomUUID())
            .setJobExecutorActivate(false);
        setup.accept(configuration);
        return configuration.buildProcessEngine();
    }

    @ParameterizedTest
    @EnumSource(Place.class)
    void aCommandInAnExpressionRunsNowhereInTheSandbox(Place place) {
        Path marker = dir.resolve("pwned-" + place);
        String model = EvilModels.model(place, EvilModels.command(marker).expression());
        long instances = sandboxed.getRuntimeService().createProcessInstanceQuery().count();

        assertThatThrownBy(() -> run(sandboxed, place, model)).as(place.name())
            .satisfies(e -> assertThat(rootMessages(e)).contains("Patchflow expressions do not call getClass()"));
        assertThat(marker).as("the command did not run").doesNotExist();
        assertThat(sandboxed.getRuntimeService().createProcessInstanceQuery().count()).isEqualTo(instances);
    }

    @ParameterizedTest
    @EnumSource(Place.class)
    void theSamePayloadRunsOnCamundasDefaultEngine(Place place) {
        Path marker = dir.resolve("control-" + place);
        String model = EvilModels.model(place, EvilModels.command(marker).expression());
        try {
            run(plain, place, model);
        }
        catch (RuntimeException e) {
            // Some places then fail on the payload's result (a number is not a duration);
            // the command ran first.
        }
        assertThat(marker).as("the payload works where nothing stops it").exists();
    }

    @Test
    void systemPropertiesEnvironmentAndEngineServicesAreOutOfReach() {
        for (Payload payload : new Payload[] { EvilModels.systemProperty(), EvilModels.environment(),
                EvilModels.engineServices() }) {
            String model = EvilModels.model(Place.OUTPUT_MAPPING, payload.expression());
            long leaks = sandboxed.getHistoryService()
                .createHistoricVariableInstanceQuery()
                .variableName("leak")
                .count();

            assertThatThrownBy(() -> run(sandboxed, Place.OUTPUT_MAPPING, model)).as(payload.name())
                .satisfies(e -> assertThat(rootMessages(e)).containsAnyOf("do not call",
                        "Cannot resolve identifier 'execution'"));
            assertThat(sandboxed.getHistoryService().createHistoricVariableInstanceQuery().variableName("leak").count())
                .as(payload.name())
                .isEqualTo(leaks);

            ProcessInstance control = run(plain, Place.OUTPUT_MAPPING, model);
            assertThat(plain.getRuntimeService().getVariable(control.getId(), "leak"))
                .as(payload.name() + " on the default engine")
                .isNotNull();
        }
        ProcessInstance control = run(plain, Place.OUTPUT_MAPPING,
                EvilModels.model(Place.OUTPUT_MAPPING, EvilModels.systemProperty().expression()));
        assertThat(plain.getRuntimeService().getVariable(control.getId(), "leak"))
            .isEqualTo(System.getProperty("user.home"));
    }

    @Test
    void engineObjectsAndFunctionsDoNotResolve() {
        for (String expression : new String[] { "execution", "task", "authenticatedUserId", "now()", "dateTime()",
                "currentUser()" }) {
            String model = EvilModels.model(Place.SERVICE_TASK, expression);
            assertThatThrownBy(() -> run(sandboxed, Place.SERVICE_TASK, model)).as(expression)
                .isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void processVariablesAndAllowedHelpersStillWork() {
        String model = EvilModels.model(Place.OUTPUT_MAPPING, "helper.answer() == '42' and size > 3 ? 'big' : 'small'");
        ProcessInstance instance = run(sandboxed, Place.OUTPUT_MAPPING, model, Map.of("size", 5));
        assertThat(sandboxed.getRuntimeService().getVariable(instance.getId(), "leak")).isEqualTo("big");

        String secret = EvilModels.model(Place.OUTPUT_MAPPING, "helper.secret()");
        assertThatThrownBy(() -> run(sandboxed, Place.OUTPUT_MAPPING, secret))
            .satisfies(e -> assertThat(rootMessages(e)).contains("do not call secret()"));
    }

    @Test
    void delegatesRunOnlyInPatchflowsOwnProcesses() {
        String foreign = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Key" targetNamespace="test">
                  <bpmn:process id="KEY" isExecutable="true" camunda:historyTimeToLive="P1D">
                    <bpmn:startEvent id="StartEvent_1" />
                    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_Call" />
                    <bpmn:serviceTask id="Task_Call" camunda:delegateExpression="${recordingDelegate}" />
                    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Call" targetRef="EndEvent_1" />
                    <bpmn:endEvent id="EndEvent_1" />
                  </bpmn:process>
                </bpmn:definitions>
                """;
        int before = DELEGATE_CALLS.get();
        sandboxed.getRepositoryService()
            .createDeployment()
            .addString("foreign.bpmn", foreign.replace("KEY", "foreign"))
            .deploy();
        assertThatThrownBy(() -> sandboxed.getRuntimeService().startProcessInstanceByKey("foreign"))
            .satisfies(e -> assertThat(rootMessages(e)).contains("may be called only by Patchflow's own processes"));
        assertThat(DELEGATE_CALLS.get()).isEqualTo(before);

        sandboxed.getRepositoryService()
            .createDeployment()
            .addString("own.bpmn", foreign.replace("KEY", "own"))
            .deploy();
        sandboxed.getRuntimeService().startProcessInstanceByKey("own");
        assertThat(DELEGATE_CALLS.get()).isEqualTo(before + 1);
    }

    @Test
    void noScriptLanguageResolves() {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) sandboxed
            .getProcessEngineConfiguration();
        for (String language : new String[] { "juel", "feel-scala", "javascript", "groovy" }) {
            assertThatThrownBy(() -> configuration.getCommandExecutorTxRequired()
                .execute(context -> configuration.getScriptingEngines().getScriptEngineForLanguage(language)))
                .as(language)
                .hasMessageContaining("Can't find scripting engine for '" + language + "'");
        }
    }

    private static ProcessInstance run(ProcessEngine engine, Place place, String model) {
        return run(engine, place, model, Map.of());
    }

    /**
     * Deploys the model and reaches its expression: starts the process, or evaluates the
     * decision.
     */
    private static ProcessInstance run(ProcessEngine engine, Place place, String model, Map<String, Object> variables) {
        engine.getRepositoryService().createDeployment().addString(EvilModels.resourceName(place), model).deploy();
        if (place.isDecision()) {
            engine.getDecisionService()
                .evaluateDecisionTableByKey("Decision_Evil")
                .variables(Map.of("x", "1"))
                .evaluate();
            return null;
        }
        return engine.getRuntimeService().startProcessInstanceByKey("evil", variables);
    }

    private static String rootMessages(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append(" | ");
        }
        return messages.toString();
    }

}
