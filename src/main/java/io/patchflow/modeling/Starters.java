package io.patchflow.modeling;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a new file of a draft starts as: the smallest model of its kind that validates, so
 * an analyst begins from something the engine accepts.
 */
final class Starters {

    private Starters() {
    }

    static byte[] of(String fileName) {
        String id = fileName.substring(0, fileName.lastIndexOf('.')).replaceAll("[^A-Za-z0-9_-]", "-");
        String text = switch (ModelFile.Kind.of(fileName)) {
            case FORM -> """
                    {
                      "id": "%s",
                      "type": "default",
                      "components": [],
                      "schemaVersion": 19,
                      "exporter": { "name": "Patchflow", "version": "0.1" }
                    }
                    """.formatted(id);
            case BPMN ->
                """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" \
                        xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" \
                        xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" \
                        xmlns:di="http://www.omg.org/spec/DD/20100524/DI" \
                        xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_%1$s" \
                        targetNamespace="https://patchflow.io/models">
                          <bpmn:process id="%1$s" name="%2$s" isExecutable="true" camunda:historyTimeToLive="P180D">
                            <bpmn:startEvent id="Start_%1$s" name="Started"><bpmn:outgoing>Flow_%1$s</bpmn:outgoing></bpmn:startEvent>
                            <bpmn:sequenceFlow id="Flow_%1$s" sourceRef="Start_%1$s" targetRef="End_%1$s" />
                            <bpmn:endEvent id="End_%1$s" name="Done"><bpmn:incoming>Flow_%1$s</bpmn:incoming></bpmn:endEvent>
                          </bpmn:process>
                          <bpmndi:BPMNDiagram id="Diagram_%1$s"><bpmndi:BPMNPlane id="Plane_%1$s" bpmnElement="%1$s">
                            <bpmndi:BPMNShape id="Start_%1$s_di" bpmnElement="Start_%1$s"><dc:Bounds x="152" y="82" width="36" height="36" /></bpmndi:BPMNShape>
                            <bpmndi:BPMNShape id="End_%1$s_di" bpmnElement="End_%1$s"><dc:Bounds x="352" y="82" width="36" height="36" /></bpmndi:BPMNShape>
                            <bpmndi:BPMNEdge id="Flow_%1$s_di" bpmnElement="Flow_%1$s"><di:waypoint x="188" y="100" /><di:waypoint x="352" y="100" /></bpmndi:BPMNEdge>
                          </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
                        </bpmn:definitions>
                        """
                    .formatted(id, title(id));
            case DMN ->
                """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" \
                        xmlns:camunda="http://camunda.org/schema/1.0/dmn" id="Definitions_%1$s" name="%2$s" \
                        namespace="https://patchflow.io/models">
                          <decision id="%1$s" name="%2$s" camunda:historyTimeToLive="P3650D">
                            <decisionTable id="Table_%1$s" hitPolicy="FIRST">
                              <input id="Input_%1$s" label="Input"><inputExpression id="InputExpression_%1$s" typeRef="string"><text>input</text></inputExpression></input>
                              <output id="Output_%1$s" label="Output" name="output" typeRef="string" />
                            </decisionTable>
                          </decision>
                        </definitions>
                        """
                    .formatted(id, title(id));
            case OTHER -> throw new IllegalArgumentException(fileName);
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String title(String id) {
        String words = id.replace('-', ' ').replace('_', ' ');
        return words.isEmpty() ? id : words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }

}
