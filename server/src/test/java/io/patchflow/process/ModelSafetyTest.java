package io.patchflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The engine refuses models that would run code the server did not ship, and could not run a script anyway. */
@SpringBootTest
@ActiveProfiles("test")
class ModelSafetyTest {

    @Autowired
    ProcessEngine engine;

    @Test
    void modelWithAScriptTaskIsRefusedAtDeployment() {
        assertRefused("""
                <bpmn:scriptTask id="Task_Evil" scriptFormat="javascript"><bpmn:script>java.lang.System.exit(1)</bpmn:script></bpmn:scriptTask>
                """, "may not contain a script");
    }

    @Test
    void modelWithCamundaClassIsRefusedAtDeployment() {
        assertRefused("""
                <bpmn:serviceTask id="Task_Evil" camunda:class="java.lang.Runtime" />
                """, "camunda:class");
    }

    @Test
    void modelWithAScriptConditionIsRefusedAtDeployment() {
        assertRefused("""
                <bpmn:sequenceFlow id="Flow_Start" sourceRef="StartEvent_Evil" targetRef="Gateway_X" />
                <bpmn:exclusiveGateway id="Gateway_X" default="Flow_Y" />
                <bpmn:sequenceFlow id="Flow_X" sourceRef="Gateway_X" targetRef="End_X">
                  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="groovy">true</bpmn:conditionExpression>
                </bpmn:sequenceFlow>
                <bpmn:sequenceFlow id="Flow_Y" sourceRef="Gateway_X" targetRef="End_X" />
                <bpmn:endEvent id="End_X" />
                """, "script condition");
    }

    @Test
    void theEngineResolvesNoScriptLanguageAtAll() {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        for (String language : new String[] {"juel", "feel-scala", "javascript", "groovy"}) {
            assertThatThrownBy(() -> configuration.getCommandExecutorTxRequired()
                    .execute(context -> configuration.getScriptingEngines().getScriptEngineForLanguage(language)))
                    .as(language).hasMessageContaining("Can't find scripting engine for '" + language + "'");
        }
    }

    private void assertRefused(String elements, String reason) {
        String model = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    targetNamespace="test">
                  <bpmn:process id="evil" isExecutable="true" camunda:historyTimeToLive="P1D">
                    <bpmn:startEvent id="StartEvent_Evil" />
                """ + elements + """
                  </bpmn:process>
                </bpmn:definitions>
                """;
        long before = engine.getRepositoryService().createDeploymentQuery().count();
        assertThatThrownBy(() -> engine.getRepositoryService().createDeployment().addString("evil.bpmn", model).deploy())
                .isInstanceOf(ProcessEngineException.class).hasMessageContaining(reason);
        assertThat(engine.getRepositoryService().createDeploymentQuery().count()).isEqualTo(before);
    }
}
