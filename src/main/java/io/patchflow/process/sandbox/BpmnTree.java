package io.patchflow.process.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the validation rules need to know about a BPMN file's elements: which are flow
 * nodes and of what kind, which processes run, and where an id is. Only elements in
 * BPMN's own namespace count; other vendors' extensions are carried, never read.
 */
final class BpmnTree {

    static final String BPMN_NS = ModelPolicy.BPMN_NS;

    static final String ACTIVITI_NS = "http://activiti.org/bpmn";

    static final Set<String> TASKS = Set.of("task", "userTask", "serviceTask", "sendTask", "receiveTask", "manualTask",
            "businessRuleTask", "scriptTask", "callActivity");

    static final Set<String> SUB_PROCESSES = Set.of("subProcess", "transaction", "adHocSubProcess");

    static final Set<String> EVENTS = Set.of("startEvent", "endEvent", "intermediateCatchEvent",
            "intermediateThrowEvent", "boundaryEvent");

    static final Set<String> GATEWAYS = Set.of("exclusiveGateway", "inclusiveGateway", "parallelGateway",
            "eventBasedGateway", "complexGateway");

    /** Flow nodes the engine skips with no more than a log line (BpmnParse). */
    static final Map<String, String> NOT_RUN = Map.of("complexGateway", "a complex gateway", "adHocSubProcess",
            "an ad-hoc sub-process");

    private BpmnTree() {
    }

    static boolean isBpmn(ModelXml.Node node) {
        return BPMN_NS.equals(node.namespace);
    }

    static boolean isFlowNode(ModelXml.Node node) {
        return isBpmn(node) && (TASKS.contains(node.localName) || SUB_PROCESSES.contains(node.localName)
                || EVENTS.contains(node.localName) || GATEWAYS.contains(node.localName));
    }

    static boolean isSubProcess(ModelXml.Node node) {
        return isBpmn(node) && SUB_PROCESSES.contains(node.localName);
    }

    static boolean isGateway(ModelXml.Node node) {
        return isBpmn(node) && GATEWAYS.contains(node.localName);
    }

    static boolean isEventSubProcess(ModelXml.Node node) {
        return isSubProcess(node) && "true".equalsIgnoreCase(node.plainAttribute("triggeredByEvent"));
    }

    static List<ModelXml.Node> processes(ModelXml.Node definitions) {
        return children(definitions, n -> isBpmn(n) && n.localName.equals("process"));
    }

    /**
     * As the engine reads a new deployment: a process runs only if it says
     * {@code isExecutable="true"}; without the attribute it is ignored too.
     */
    static boolean isExecutable(ModelXml.Node process) {
        return Boolean.parseBoolean(process.plainAttribute("isExecutable"));
    }

    static List<ModelXml.Node> executableProcesses(ModelXml.Node definitions) {
        return processes(definitions).stream().filter(BpmnTree::isExecutable).toList();
    }

    static List<ModelXml.Node> children(ModelXml.Node node, Predicate<ModelXml.Node> filter) {
        return node.children.stream().filter(filter).toList();
    }

    static boolean hasChild(ModelXml.Node node, String localName) {
        return node.children.stream().anyMatch(c -> isBpmn(c) && c.localName.equals(localName));
    }

    /** Every element under {@code node}, itself included, without recursion. */
    static List<ModelXml.Node> descendants(ModelXml.Node node) {
        List<ModelXml.Node> all = new ArrayList<>();
        Deque<ModelXml.Node> open = new ArrayDeque<>();
        open.push(node);
        while (!open.isEmpty()) {
            ModelXml.Node next = open.pop();
            all.add(next);
            for (int i = next.children.size() - 1; i >= 0; i--) {
                open.push(next.children.get(i));
            }
        }
        return all;
    }

    /** Elements by id; the first wins if a file repeats one (the engine refuses that). */
    static Map<String, ModelXml.Node> ids(ModelXml.Node root) {
        Map<String, ModelXml.Node> ids = new HashMap<>();
        for (ModelXml.Node node : descendants(root)) {
            String id = node.attribute("id");
            if (id != null && !id.isBlank()) {
                ids.putIfAbsent(id, node);
            }
        }
        return ids;
    }

    /** The process an element belongs to, or null. */
    static ModelXml.Node processOf(ModelXml.Node node) {
        for (ModelXml.Node n = node; n != null; n = n.parent) {
            if (isBpmn(n) && n.localName.equals("process")) {
                return n;
            }
        }
        return null;
    }

    /**
     * The {@code camunda:property} values of an element, by name, as the engine's model
     * API reads them for {@code RecordDecisionListener} ({@code ModelProperties}): only
     * the plain {@code name} and {@code value} attributes. A {@code camunda:value} is not
     * read there, so it is not read here either ({@link FourEyesRule} names it).
     */
    static Map<String, String> camundaProperties(ModelXml.Node element) {
        Map<String, String> properties = new HashMap<>();
        for (ModelXml.Node property : camundaPropertyElements(element)) {
            String name = property.plainAttribute("name");
            if (name != null) {
                properties.put(name, property.plainAttribute("value"));
            }
        }
        return properties;
    }

    /** The element's {@code camunda:property} elements, in document order. */
    static List<ModelXml.Node> camundaPropertyElements(ModelXml.Node element) {
        List<ModelXml.Node> properties = new ArrayList<>();
        for (ModelXml.Node extensions : children(element, c -> isBpmn(c) && c.localName.equals("extensionElements"))) {
            for (ModelXml.Node group : children(extensions, ModelValidation::isCamunda)) {
                if (group.localName.equals("properties")) {
                    properties
                        .addAll(children(group, p -> ModelValidation.isCamunda(p) && p.localName.equals("property")));
                }
            }
        }
        return properties;
    }

    /**
     * The element's {@code camunda:taskListener}s as the engine's parser finds them
     * ({@code BpmnParse.parseTaskListeners}): those in Camunda's namespace, and only if
     * there are none, those in Activiti's old one.
     */
    static List<ModelXml.Node> taskListeners(ModelXml.Node element) {
        return extensions(element, "taskListener");
    }

    private static List<ModelXml.Node> extensions(ModelXml.Node element, String localName) {
        List<ModelXml.Node> camunda = new ArrayList<>();
        List<ModelXml.Node> activiti = new ArrayList<>();
        for (ModelXml.Node extensions : children(element, c -> isBpmn(c) && c.localName.equals("extensionElements"))) {
            for (ModelXml.Node child : extensions.children) {
                if (child.localName.equals(localName)) {
                    if (ModelPolicy.CAMUNDA_NS.equals(child.namespace)) {
                        camunda.add(child);
                    }
                    else if (ACTIVITI_NS.equals(child.namespace)) {
                        activiti.add(child);
                    }
                }
            }
        }
        return camunda.isEmpty() ? activiti : camunda;
    }

    /**
     * An extension attribute of a BPMN element as the engine's parser reads it
     * ({@code Element.attributeNS}): in Camunda's namespace, else in Activiti's old one.
     */
    static String camundaAttribute(ModelXml.Node element, String localName) {
        String value = element.attribute(Set.of(ModelPolicy.CAMUNDA_NS), localName);
        return value != null ? value : element.attribute(Set.of(ACTIVITI_NS), localName);
    }

    /** The process or sub-process an element is directly in, or null. */
    static ModelXml.Node scopeOf(ModelXml.Node node) {
        for (ModelXml.Node n = node.parent; n != null; n = n.parent) {
            if (isSubProcess(n) || (isBpmn(n) && n.localName.equals("process"))) {
                return n;
            }
        }
        return null;
    }

    static String name(ModelXml.Node node) {
        String name = node.plainAttribute("name");
        return name == null ? "" : name.strip();
    }

}
