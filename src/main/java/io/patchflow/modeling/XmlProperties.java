package io.patchflow.modeling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.patchflow.modeling.DiffElement.Properties;
import io.patchflow.modeling.XmlTree.Attribute;
import io.patchflow.modeling.XmlTree.Node;

/**
 * Turns the inside of a BPMN or DMN element into named properties. An element nested in
 * another becomes a property named by its path
 * ({@code timerEventDefinition timeDuration},
 * {@code multiInstanceLoopCharacteristics camunda:collection}); Camunda's extension
 * elements are keyed by what identifies them (an input parameter by its name, a listener
 * by its event, a property by its name), so reordering them, or re-indenting the file, is
 * not a change. Diagram interchange is not part of the model: moving a shape is not a
 * change.
 */
final class XmlProperties {

    static final String CAMUNDA_BPMN = "http://camunda.org/schema/1.0/bpmn";

    static final String CAMUNDA_DMN = "http://camunda.org/schema/1.0/dmn";

    /** Written for an element that says something only by being there. */
    static final String PRESENT = "(present)";

    private static final Set<String> CAMUNDA = Set.of(CAMUNDA_BPMN, CAMUNDA_DMN);

    /**
     * What the BPMN 2.0 and DMN 1.3 schemas say an attribute of theirs is when it is left
     * out, where every element that has it agrees. A tool may write the default or leave
     * it out (bpmn-js leaves out a start event's {@code isInterrupting="true"}); either
     * way the engine runs the same model, so neither is a change.
     */
    private static final Map<String, String> SCHEMA_DEFAULTS = Map.ofEntries(Map.entry("isInterrupting", "true"),
            Map.entry("cancelActivity", "true"), Map.entry("parallelMultiple", "false"),
            Map.entry("isForCompensation", "false"), Map.entry("startQuantity", "1"),
            Map.entry("completionQuantity", "1"), Map.entry("triggeredByEvent", "false"),
            Map.entry("gatewayDirection", "Unspecified"), Map.entry("instantiate", "false"),
            Map.entry("eventGatewayType", "Exclusive"), Map.entry("isSequential", "false"),
            Map.entry("behavior", "All"), Map.entry("testBefore", "false"), Map.entry("isClosed", "false"),
            Map.entry("processType", "None"), Map.entry("associationDirection", "None"),
            Map.entry("isCollection", "false"), Map.entry("waitForCompletion", "true"),
            Map.entry("textFormat", "text/plain"), Map.entry("preferredOrientation", "Rule-as-Row"));

    private final String modelNamespace;

    private final Predicate<Node> separate;

    /**
     * @param modelNamespace the namespace of the file's root: BPMN's or DMN's model
     * @param separate the nested elements that are elements of their own in the diff
     * (tasks inside a sub-process, lanes), left out of their parent's properties
     */
    XmlProperties(String modelNamespace, Predicate<Node> separate) {
        this.modelNamespace = modelNamespace;
        this.separate = separate;
    }

    static boolean isDiagram(Node node) {
        String namespace = node.namespace;
        while (namespace.endsWith("/")) {
            namespace = namespace.substring(0, namespace.length() - 1);
        }
        return namespace.endsWith("/DI") || namespace.endsWith("/DC") || namespace.endsWith("/DMNDI");
    }

    boolean inModel(Node node) {
        return node.namespace.equals(modelNamespace);
    }

    /** The attributes and nested elements of an element of the diff. */
    void element(Node element, Properties out) {
        attributes(element, "", out, Set.of());
        for (Node child : element.children) {
            child(child, "", out);
        }
    }

    /**
     * Every attribute but the id (the key of whatever holds it), {@code xsi:type} (whose
     * value is spelled with whatever prefix the tool chose) and the model's own
     * attributes that say what leaving them out says.
     */
    void attributes(Node element, String path, Properties out, Set<String> except) {
        element.attributes.stream()
            .filter(attribute -> !(attribute.namespace().isEmpty() && attribute.localName().equals("id")))
            .filter(attribute -> !isXsiType(attribute))
            .filter(attribute -> !isSchemaDefault(element, attribute))
            .filter(attribute -> !(attribute.namespace().isEmpty() && except.contains(attribute.localName())))
            .sorted(Comparator.comparing(this::name))
            .forEach(attribute -> out.put(join(path, name(attribute)), attribute.value()));
    }

    private boolean isSchemaDefault(Node element, Attribute attribute) {
        return inModel(element) && attribute.namespace().isEmpty()
                && attribute.value().strip().equals(SCHEMA_DEFAULTS.get(attribute.localName()));
    }

    private static boolean isXsiType(Attribute attribute) {
        return attribute.namespace().equals(XmlTree.XSI) && attribute.localName().equals("type");
    }

    /** A nested element as properties under {@code path}. */
    void child(Node node, String path, Properties out) {
        if (isDiagram(node) || separate.test(node)) {
            return;
        }
        if (inModel(node) && node.localName.equals("extensionElements")) {
            node.children.forEach(child -> child(child, path, out));
            return;
        }
        if (CAMUNDA.contains(node.namespace) && camunda(node, path, out)) {
            return;
        }
        String key = join(path, name(node));
        String discriminator = null;
        if (!inModel(node)) {
            // Extension elements of other kinds are told apart by their id or name, so
            // two of them are two properties, not one value that changes with their
            // order.
            discriminator = node.attribute("id") != null ? "id" : node.attribute("name") != null ? "name" : null;
            if (discriminator != null) {
                key = key + " " + node.attribute(discriminator);
            }
        }
        int found = out.count();
        attributes(node, key, out, discriminator == null ? Set.of() : Set.of(discriminator));
        String text = node.text();
        if (!text.isEmpty()) {
            out.put(key, text);
        }
        for (Node child : node.children) {
            child(child, key, out);
        }
        if (out.count() == found) {
            out.put(key, PRESENT);
        }
    }

    /** Camunda's extension elements with their own key; false for the rest. */
    private boolean camunda(Node node, String path, Properties out) {
        String name = name(node);
        switch (node.localName) {
            case "inputOutput", "properties" -> node.children.forEach(child -> child(child, path, out));
            case "inputParameter", "outputParameter" ->
                out.put(join(path, name + " " + node.attribute("name")), value(node));
            case "taskListener", "executionListener" -> {
                String event = node.attribute("event");
                out.put(join(path, name + " " + (event == null ? "(no event)" : event)), listener(node));
            }
            case "property" ->
                out.put(join(path, name + " " + node.attribute("name")), String.valueOf(node.attribute("value")));
            case "in", "out" -> {
                String target = node.attribute("target");
                String key = target != null ? target
                        : node.attribute("businessKey") != null ? "businessKey" : "variables";
                out.put(join(path, name + " " + key), settings(node, Set.of("target")));
            }
            case "field" -> out.put(join(path, name + " " + node.attribute("name")), field(node));
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * An input or output parameter's value: text, or a list (in its order), a map (by its
     * keys) or a script.
     */
    private String value(Node parameter) {
        for (Node child : parameter.children) {
            if (CAMUNDA.contains(child.namespace)) {
                return structure(child);
            }
        }
        return parameter.text();
    }

    private String structure(Node node) {
        return switch (node.localName) {
            case "list" -> "[" + String.join(", ", node.children.stream().map(this::structure).toList()) + "]";
            case "map" -> "{" + String.join(", ",
                    node.children.stream().map(entry -> entry.attribute("key") + ": " + value(entry)).sorted().toList())
                    + "}";
            case "script" -> "script " + node.attribute("scriptFormat") + (node.attribute("resource") != null
                    ? " resource " + node.attribute("resource") : ": " + node.text());
            case "value", "entry" -> value(node);
            default -> canonical(node);
        };
    }

    /** A listener as what it calls, its fields and its timeout: one line. */
    private String listener(Node listener) {
        List<String> parts = new ArrayList<>();
        parts.add(settings(listener, Set.of("event", "id")));
        for (Node child : listener.children) {
            if (CAMUNDA.contains(child.namespace) && child.localName.equals("field")) {
                parts.add("field " + child.attribute("name") + " " + field(child));
            }
            else if (CAMUNDA.contains(child.namespace) && child.localName.equals("script")) {
                parts.add(structure(child));
            }
            else if (!isDiagram(child)) {
                parts.add(canonical(child));
            }
        }
        return String.join(" ", parts.stream().filter(part -> !part.isEmpty()).toList());
    }

    private String field(Node field) {
        List<String> parts = new ArrayList<>();
        parts.add(settings(field, Set.of("name")));
        for (Node child : field.children) {
            parts.add(child.localName + "=" + child.text());
        }
        return String.join(" ", parts.stream().filter(part -> !part.isEmpty()).toList());
    }

    /** The attributes but these and {@code xsi:type}, sorted, as {@code name=value}. */
    private String settings(Node node, Set<String> except) {
        return String.join(" ",
                node.attributes.stream()
                    .filter(attribute -> !(attribute.namespace().isEmpty() && except.contains(attribute.localName())))
                    .filter(attribute -> !isXsiType(attribute))
                    .map(attribute -> name(attribute) + "=" + attribute.value())
                    .sorted()
                    .toList());
    }

    /** Any element in one line: name, attributes sorted, text, nested elements. */
    String canonical(Node node) {
        StringBuilder line = new StringBuilder(name(node));
        String settings = settings(node, Set.of());
        if (!settings.isEmpty()) {
            line.append('(').append(settings).append(')');
        }
        if (!node.text().isEmpty()) {
            line.append(' ').append(node.text());
        }
        List<String> children = node.children.stream().filter(child -> !isDiagram(child)).map(this::canonical).toList();
        if (!children.isEmpty()) {
            line.append(" [").append(String.join(", ", children)).append(']');
        }
        return line.toString();
    }

    /** {@code camunda:x} for Camunda's, the plain name for the model's own. */
    String name(Node node) {
        return qualified(node.namespace, node.localName, node.prefix());
    }

    String name(Attribute attribute) {
        String qName = attribute.qName();
        int colon = qName.indexOf(':');
        return qualified(attribute.namespace(), attribute.localName(), colon < 0 ? "" : qName.substring(0, colon));
    }

    private String qualified(String namespace, String localName, String prefix) {
        if (namespace.isEmpty() || namespace.equals(modelNamespace)) {
            return localName;
        }
        if (CAMUNDA.contains(namespace)) {
            return "camunda:" + localName;
        }
        if (namespace.equals(XmlTree.XSI)) {
            return "xsi:" + localName;
        }
        return prefix.isEmpty() ? "{" + namespace + "}" + localName : prefix + ":" + localName;
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + " " + name;
    }

}
