package io.patchflow.testsupport;

import java.nio.file.Path;
import java.util.List;

/**
 * Models an attacker would deploy: one per place where the engine evaluates an
 * expression, each carrying a payload. Every model is otherwise valid and runs from its
 * start event to the expression, so an engine without the deploy-time rules evaluates the
 * payload.
 */
public final class EvilModels {

    private EvilModels() {
    }

    /** Where the expression stands, with the id of the element a finding must name. */
    public enum Place {

        SERVICE_TASK("Task_Evil"), CONDITION("Flow_Evil"), EXECUTION_LISTENER("Task_Listened"),
        TASK_LISTENER("Task_Human"), INPUT_MAPPING("Task_Mapped"), OUTPUT_MAPPING("Task_Mapped"), TIMER("Timer_Evil"),
        DMN_INPUT("Input_Evil"), DMN_OUTPUT("Output_Evil");

        public final String elementId;

        Place(String elementId) {
            this.elementId = elementId;
        }

        public boolean isDecision() {
            return this == DMN_INPUT || this == DMN_OUTPUT;
        }

    }

    /** A payload and what it would leave behind if it ran. */
    public record Payload(String name, String expression) {
    }

    /**
     * Runs {@code touch} on the server and waits for it: the file exists if the payload
     * ran.
     */
    public static Payload command(Path marker) {
        return new Payload("command", "''.getClass().forName('java.lang.Runtime').getMethod('getRuntime').invoke(null)"
                + ".exec('touch " + marker.toAbsolutePath() + "').waitFor()");
    }

    public static Payload systemProperty() {
        return new Payload("system property",
                "''.getClass().forName('java.lang.System').getMethod('getProperty', ''.getClass()).invoke(null, 'user.home')");
    }

    public static Payload environment() {
        return new Payload("environment",
                "''.getClass().forName('java.lang.System').getMethod('getenv', ''.getClass()).invoke(null, 'PATH')");
    }

    /**
     * The engine's own services, through the execution object: with them, anything in any
     * change.
     */
    public static Payload engineServices() {
        return new Payload("engine services",
                "execution.getProcessEngineServices().getRuntimeService().createProcessInstanceQuery().count()");
    }

    /**
     * Beans a Spring-wired engine would otherwise hand out: the data source, the
     * configuration.
     */
    public static List<Payload> beansOutsideTheAllowList() {
        return List.of(new Payload("data source", "dataSource"),
                new Payload("configuration property", "environment.getProperty('spring.datasource.password')"),
                new Payload("engine", "processEngineFactoryBean"), new Payload("engine services", "runtimeService"));
    }

    public static String resourceName(Place place) {
        return place.isDecision() ? "evil.dmn" : "evil.bpmn";
    }

    /**
     * The model file for a payload at a place; the expression is written as
     * {@code ${...}}.
     */
    public static String model(Place place, String expression) {
        String el = "${" + xml(expression) + "}";
        return switch (place) {
            case SERVICE_TASK -> process("""
                    <bpmn:serviceTask id="Task_Evil" camunda:expression="%s" camunda:resultVariable="leak" />
                    """.formatted(el), "Task_Evil");
            case CONDITION -> process("""
                    <bpmn:exclusiveGateway id="Gateway_Evil" default="Flow_Default" />
                    <bpmn:sequenceFlow id="Flow_Evil" sourceRef="Gateway_Evil" targetRef="Task_Wait">
                      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">%s</bpmn:conditionExpression>
                    </bpmn:sequenceFlow>
                    <bpmn:sequenceFlow id="Flow_Default" sourceRef="Gateway_Evil" targetRef="Task_Wait" />
                    """.formatted(el), "Gateway_Evil");
            case EXECUTION_LISTENER ->
                process("""
                        <bpmn:task id="Task_Listened">
                          <bpmn:extensionElements><camunda:executionListener event="start" expression="%s" /></bpmn:extensionElements>
                        </bpmn:task>
                        """
                    .formatted(el), "Task_Listened");
            case TASK_LISTENER ->
                process("""
                        <bpmn:userTask id="Task_Human">
                          <bpmn:extensionElements><camunda:taskListener event="create" expression="%s" /></bpmn:extensionElements>
                        </bpmn:userTask>
                        """
                    .formatted(el), "Task_Human");
            case INPUT_MAPPING -> process("""
                    <bpmn:task id="Task_Mapped">
                      <bpmn:extensionElements><camunda:inputOutput>
                        <camunda:inputParameter name="leak">%s</camunda:inputParameter>
                      </camunda:inputOutput></bpmn:extensionElements>
                    </bpmn:task>
                    """.formatted(el), "Task_Mapped");
            case OUTPUT_MAPPING -> process("""
                    <bpmn:task id="Task_Mapped">
                      <bpmn:extensionElements><camunda:inputOutput>
                        <camunda:outputParameter name="leak">%s</camunda:outputParameter>
                      </camunda:inputOutput></bpmn:extensionElements>
                    </bpmn:task>
                    """.formatted(el), "Task_Mapped");
            case TIMER ->
                process("""
                        <bpmn:intermediateCatchEvent id="Timer_Evil">
                          <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">%s</bpmn:timeDuration></bpmn:timerEventDefinition>
                        </bpmn:intermediateCatchEvent>
                        """
                    .formatted(el), "Timer_Evil");
            case DMN_INPUT -> decision("<dmn:inputExpression id=\"Input_Evil\" expressionLanguage=\"juel\"><dmn:text>"
                    + el + "</dmn:text></dmn:inputExpression>", "\"yes\"");
            case DMN_OUTPUT ->
                decision("<dmn:inputExpression id=\"Input_Plain\"><dmn:text>x</dmn:text></dmn:inputExpression>", null)
                    .replace("OUTPUT_ENTRY",
                            "<dmn:outputEntry id=\"Output_Evil\" expressionLanguage=\"juel\"><dmn:text>" + el
                                    + "</dmn:text></dmn:outputEntry>");
        };
    }

    /** start → the element under test → a user task to wait in → end. */
    private static String process(String elements, String first) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    id="Definitions_Evil" targetNamespace="test">
                  <bpmn:process id="evil" isExecutable="true" camunda:historyTimeToLive="P1D">
                    <bpmn:startEvent id="StartEvent_Evil" />
                    <bpmn:sequenceFlow id="Flow_In" sourceRef="StartEvent_Evil" targetRef="%s" />
                %s
                %s
                    <bpmn:userTask id="Task_Wait" />
                    <bpmn:sequenceFlow id="Flow_Done" sourceRef="Task_Wait" targetRef="EndEvent_Evil" />
                    <bpmn:endEvent id="EndEvent_Evil" />
                  </bpmn:process>
                </bpmn:definitions>
                """
            .formatted(first, elements, first.equals("Gateway_Evil") ? ""
                    : "<bpmn:sequenceFlow id=\"Flow_Out\" sourceRef=\"" + first + "\" targetRef=\"Task_Wait\" />");
    }

    private static String decision(String inputExpression, String outputText) {
        String output = outputText == null ? "OUTPUT_ENTRY"
                : "<dmn:outputEntry id=\"Output_Plain\"><dmn:text>" + outputText + "</dmn:text></dmn:outputEntry>";
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <dmn:definitions xmlns:dmn="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:camunda="http://camunda.org/schema/1.0/dmn"
                    id="Definitions_EvilDecision" name="Evil" namespace="test">
                  <dmn:decision id="Decision_Evil" name="Evil" camunda:historyTimeToLive="P1D">
                    <dmn:decisionTable id="Table_Evil">
                      <dmn:input id="Input_1">%s</dmn:input>
                      <dmn:output id="Output_1" name="result" typeRef="string" />
                      <dmn:rule id="Rule_1">
                        <dmn:inputEntry id="Entry_1"><dmn:text>-</dmn:text></dmn:inputEntry>
                        %s
                      </dmn:rule>
                    </dmn:decisionTable>
                  </dmn:decision>
                </dmn:definitions>
                """
            .formatted(inputExpression, output);
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

}
