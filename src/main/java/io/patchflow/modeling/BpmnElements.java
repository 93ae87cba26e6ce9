package io.patchflow.modeling;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.patchflow.modeling.DiffElement.Properties;
import io.patchflow.modeling.XmlTree.Node;

/**
 * The elements of a BPMN file by id, as the diagram shows them: processes, participants,
 * lanes, flow nodes and flows at any depth of sub-processes, messages, signals, errors,
 * data objects and stores. What belongs to one element (its event definition, its loop
 * characteristics, its condition, its extension elements) is a property of it, not an
 * element of its own.
 */
final class BpmnElements {

    /** Parts of an element: they have ids in some files, but no shape of their own. */
    private static final Set<String> PARTS = Set.of("documentation", "extensionElements", "conditionExpression",
            "completionCondition", "loopCardinality", "loopDataInputRef", "loopDataOutputRef", "inputDataItem",
            "outputDataItem", "complexBehaviorDefinition", "multiInstanceLoopCharacteristics",
            "standardLoopCharacteristics", "timeDate", "timeDuration", "timeCycle", "ioSpecification", "dataInput",
            "dataOutput", "inputSet", "outputSet", "property", "dataState", "potentialOwner", "humanPerformer",
            "performer", "resourceRole", "resourceAssignmentExpression", "resourceParameterBinding", "formalExpression",
            "expression", "script", "text", "assignment", "from", "to", "correlationKey",
            "correlationPropertyRetrievalExpression", "messagePath", "ioBinding", "rendering", "activationCondition",
            "condition", "loopCondition", "participantMultiplicity");

    /** Hold elements but are not shown: the lanes inside them are. */
    private static final Set<String> CONTAINERS = Set.of("laneSet", "childLaneSet");

    /** Said by the flows' sourceRef and targetRef already. */
    private static final Set<String> REDUNDANT = Set.of("incoming", "outgoing");

    private BpmnElements() {
    }

    static Map<String, DiffElement> of(ModelFile file) {
        Node root = XmlTree.parse(file);
        Reader reader = new Reader(root.namespace);
        reader.collect(root);
        return reader.elements;
    }

    private static final class Reader {

        private final String namespace;

        private final XmlProperties properties;

        private final Map<String, DiffElement> elements = new LinkedHashMap<>();

        Reader(String namespace) {
            this.namespace = namespace;
            this.properties = new XmlProperties(namespace,
                    node -> isElement(node) || isContainer(node) || isRedundant(node));
        }

        void collect(Node parent) {
            for (Node node : parent.children) {
                if (isElement(node)) {
                    add(node);
                    collect(node);
                }
                else if (isContainer(node)) {
                    collect(node);
                }
            }
        }

        private void add(Node node) {
            Properties found = new Properties();
            properties.element(node, found);
            String id = node.attribute("id");
            // Ids are unique in a file the engine accepts; a draft may not be one yet.
            String key = id;
            for (int n = 2; elements.containsKey(key); n++) {
                key = id + " (" + n + ")";
            }
            elements.put(key, new DiffElement(key, node.localName, node.attribute("name"), null, found.toMap()));
        }

        private boolean isElement(Node node) {
            String id = node.attribute("id");
            return node.namespace.equals(namespace) && id != null && !id.isBlank() && !PARTS.contains(node.localName)
                    && !node.localName.endsWith("EventDefinition") && !isContainer(node);
        }

        private boolean isContainer(Node node) {
            return node.namespace.equals(namespace) && CONTAINERS.contains(node.localName);
        }

        private boolean isRedundant(Node node) {
            return node.namespace.equals(namespace) && REDUNDANT.contains(node.localName);
        }

    }

}
