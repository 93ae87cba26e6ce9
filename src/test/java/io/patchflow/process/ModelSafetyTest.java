package io.patchflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import io.patchflow.process.sandbox.ModelBeans;
import io.patchflow.process.sandbox.ModelRefusedException;
import io.patchflow.process.sandbox.SandboxedExpressionManager;
import io.patchflow.testsupport.EvilModels;
import io.patchflow.testsupport.EvilModels.Payload;
import io.patchflow.testsupport.EvilModels.Place;
import io.patchflow.testsupport.RepositoryFiles;

/**
 * Patchflow's engine as it runs: its expression manager is the sandbox, its bean map is
 * the allow-list and nothing more, and its own deployment path refuses every evil model
 * with a finding that names the element. (ExpressionSandboxTest runs the payloads without
 * the deploy-time rules; EngineApiIT sends the same models to the engine REST API.)
 */
@SpringBootTest
@ActiveProfiles("test")
class ModelSafetyTest {

    @Autowired
    ProcessEngine engine;

    @Autowired
    ModelBeans modelBeans;

    @TempDir
    Path dir;

    @Test
    void theEnginesBeanMapIsExactlyWhatTheShippedModelsCall() throws IOException {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine
            .getProcessEngineConfiguration();
        assertThat(configuration.getExpressionManager()).isInstanceOf(SandboxedExpressionManager.class);
        assertThat(configuration.getBeans().keySet()).containsExactlyInAnyOrderElementsOf(modelBeans.names());

        Set<String> called = new TreeSet<>();
        Pattern reference = Pattern.compile("\\$\\{(\\w+)[.}]");
        for (Path model : List.of(RepositoryFiles.path("bpmn/patch-change.bpmn"),
                RepositoryFiles.path("bpmn/patch-proposals.bpmn"))) {
            Matcher matcher = reference.matcher(Files.readString(model));
            while (matcher.find()) {
                if (modelBeans.contains(matcher.group(1)) || matcher.group(1).endsWith("Delegate")
                        || matcher.group(1).endsWith("Listener")) {
                    called.add(matcher.group(1));
                }
            }
        }
        assertThat(modelBeans.names()).as("the allow-list holds what the models call, and nothing they do not")
            .containsExactlyInAnyOrderElementsOf(called);
        assertThat(modelBeans.names()).doesNotContain("dataSource", "environment", "processEngine", "runtimeService",
                "jdbcClient");
    }

    @ParameterizedTest
    @EnumSource(Place.class)
    void patchflowsDeploymentPathRefusesEveryPayloadAndStoresNothing(Place place) {
        List<Payload> payloads = new ArrayList<>(List.of(EvilModels.command(dir.resolve("pwned")),
                EvilModels.systemProperty(), EvilModels.environment(), EvilModels.engineServices()));
        payloads.addAll(EvilModels.beansOutsideTheAllowList());
        for (Payload payload : payloads) {
            long before = engine.getRepositoryService().createDeploymentQuery().count();
            assertThatThrownBy(() -> engine.getRepositoryService()
                .createDeployment()
                .addString(EvilModels.resourceName(place), EvilModels.model(place, payload.expression()))
                .deploy()).as(place + " " + payload.name())
                .isInstanceOf(ModelRefusedException.class)
                .hasMessageContaining(place.elementId);
            assertThat(engine.getRepositoryService().createDeploymentQuery().count()).isEqualTo(before);
        }
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void beansOutsideTheAllowListDoNotResolveAtRunTime() {
        engine.getRepositoryService()
            .createDeployment()
            .addString("probe.bpmn", EvilModels.model(Place.OUTPUT_MAPPING, "'probe'"))
            .deploy();
        String instance = engine.getRuntimeService().startProcessInstanceByKey("evil").getId();
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine
            .getProcessEngineConfiguration();
        Path marker = dir.resolve("pwned-at-run-time");
        List<Payload> payloads = new ArrayList<>(EvilModels.beansOutsideTheAllowList());
        payloads.add(new Payload("a delegate from a foreign process", "assessRiskDelegate"));
        payloads.add(EvilModels.command(marker));
        for (Payload payload : payloads) {
            assertThatThrownBy(() -> configuration.getCommandExecutorTxRequired().execute(context -> {
                ExecutionEntity execution = context.getExecutionManager().findExecutionById(instance);
                return configuration.getExpressionManager()
                    .createExpression("${" + payload.expression() + "}")
                    .getValue(execution);
            })).as(payload.name()).isInstanceOf(RuntimeException.class);
        }
        assertThat(marker).doesNotExist();
        engine.getRuntimeService().deleteProcessInstance(instance, "probe done");
    }

    @Test
    void theEngineResolvesNoScriptLanguageAtAll() {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine
            .getProcessEngineConfiguration();
        for (String language : new String[] { "juel", "feel-scala", "javascript", "groovy" }) {
            assertThatThrownBy(() -> configuration.getCommandExecutorTxRequired()
                .execute(context -> configuration.getScriptingEngines().getScriptEngineForLanguage(language)))
                .as(language)
                .hasMessageContaining("Can't find scripting engine for '" + language + "'");
        }
    }

}
