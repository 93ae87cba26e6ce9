package io.patchflow.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.testsupport.RepositoryFiles;

/**
 * A BPMN file of bpmn/ as the tests and the generated docs/process.md read it: the model,
 * its forms, and every name the model reads or writes (in expressions, task properties,
 * input and output parameters, form fields), each with where it is used.
 */
final class ModelFile {

    private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";

    private static final Pattern EXPRESSION = Pattern.compile("[$#]\\{(.*?)}");

    private static final Pattern IDENTIFIER = Pattern.compile("(?<![.\\w])([A-Za-z_]\\w*)(?![\\w(.])");

    private static final Pattern COMPARISON = Pattern.compile("(\\w+)\\s*(?:==|!=|eq|ne)\\s*'([^']*)'");

    private static final Set<String> EL_WORDS = Set.of("and", "or", "not", "null", "empty", "true", "false", "eq", "ne",
            "lt", "gt", "le", "ge", "div", "mod", "instanceof");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the model uses a name: the flow element (or message) and how. */
    record Use(String element, String how) {
    }

    /**
     * A comparison of a variable with a literal in a condition: {@code ${gateDecision ==
     * 'stop'}}.
     */
    record Comparison(String element, String variable, String value) {
    }

    private final String fileName;

    private final BpmnModelInstance model;

    private final Document xml;

    private final Map<String, JsonNode> forms = new LinkedHashMap<>();

    private final Map<String, List<Use>> names = new LinkedHashMap<>();

    private final List<Comparison> comparisons = new ArrayList<>();

    private ModelFile(String fileName) {
        this.fileName = fileName;
        Path path = RepositoryFiles.path("bpmn", fileName);
        this.model = Bpmn.readModelFromFile(path.toFile());
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            this.xml = factory.newDocumentBuilder().parse(path.toFile());
        }
        catch (Exception e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
            String formRef = task.getAttributeValueNs(CAMUNDA_NS, "formRef");
            if (formRef != null) {
                forms.computeIfAbsent(formRef, ModelFile::readForm);
                for (JsonNode field : formFields(forms.get(formRef))) {
                    use(field.get("key").asText(), task.getId(), "field of form " + formRef);
                }
            }
        }
        collect(xml.getDocumentElement());
    }

    static ModelFile read(String fileName) {
        return new ModelFile(fileName);
    }

    String fileName() {
        return fileName;
    }

    BpmnModelInstance model() {
        return model;
    }

    org.camunda.bpm.model.bpmn.instance.Process process() {
        return model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class).iterator().next();
    }

    /** Every flow node, sub-processes' too, in the order of the file. */
    List<FlowNode> flowNodes() {
        return List.copyOf(model.getModelElementsByType(FlowNode.class));
    }

    List<SequenceFlow> sequenceFlows() {
        return List.copyOf(model.getModelElementsByType(SequenceFlow.class));
    }

    /**
     * The flows leaving a node in the order of their sequenceFlow elements in the file:
     * the order in which the engine tries a gateway's conditions.
     */
    List<SequenceFlow> outgoing(FlowNode node) {
        return sequenceFlows().stream().filter(f -> f.getSource() == node).toList();
    }

    List<SequenceFlow> incoming(FlowNode node) {
        return sequenceFlows().stream().filter(f -> f.getTarget() == node).toList();
    }

    /** Form id to its schema, for the forms the model's user tasks reference. */
    Map<String, JsonNode> forms() {
        return forms;
    }

    /**
     * Every name of a variable or input the model reads or writes, in the order of the
     * file, with where.
     */
    Map<String, List<Use>> names() {
        return names;
    }

    List<Comparison> comparisons() {
        return comparisons;
    }

    static String text(BaseElement element) {
        return element.getDocumentations()
            .stream()
            .map(d -> d.getTextContent().strip().replaceAll("\\s+", " "))
            .filter(t -> !t.isEmpty())
            .findFirst()
            .orElse("");
    }

    static List<JsonNode> formFields(JsonNode schema) {
        List<JsonNode> fields = new ArrayList<>();
        schema.path("components").forEach(c -> {
            if (c.hasNonNull("key")) {
                fields.add(c);
            }
        });
        return fields;
    }

    private static JsonNode readForm(String formRef) {
        try {
            return JSON.readTree(Files.readString(RepositoryFiles.path("forms", formRef + ".form")));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void collect(Element element) {
        String local = element.getLocalName();
        if (local.equals("documentation") || local.equals("BPMNDiagram")) {
            return;
        }
        String where = owner(element);
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            String name = attribute.getLocalName();
            if (!"delegateExpression".equals(name)) {
                expression(attribute.getValue(), where, describe(name));
            }
            if (CAMUNDA_NS.equals(attribute.getNamespaceURI())
                    && (name.equals("collection") || name.equals("elementVariable"))
                    && !attribute.getValue().contains("{")) {
                use(attribute.getValue(), where, describe(name));
            }
        }
        if (CAMUNDA_NS.equals(element.getNamespaceURI())) {
            switch (local) {
                case "inputParameter" -> use(element.getAttribute("name"), where, element.getTextContent().isBlank()
                        ? "local to each instance" : "input " + element.getTextContent().strip());
                case "outputParameter" -> use(element.getAttribute("name"), where, "output");
                case "property" -> {
                    String property = element.getAttribute("name");
                    if (property.equals("decisionVariable") || property.equals("commentVariable")) {
                        use(element.getAttribute("value"), where, property);
                    }
                }
                default -> {
                }
            }
        }
        StringBuilder text = new StringBuilder();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(child.getNodeValue());
            }
        }
        expression(text.toString(), where, describe(local));
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                collect(e);
            }
        }
    }

    private void expression(String value, String where, String how) {
        Matcher matcher = EXPRESSION.matcher(value);
        while (matcher.find()) {
            String body = matcher.group(1);
            Matcher comparison = COMPARISON.matcher(body);
            while (comparison.find()) {
                comparisons.add(new Comparison(where, comparison.group(1), comparison.group(2)));
            }
            Matcher identifier = IDENTIFIER.matcher(body.replaceAll("'[^']*'", "''"));
            while (identifier.find()) {
                if (!EL_WORDS.contains(identifier.group(1))) {
                    use(identifier.group(1), where, how);
                }
            }
        }
    }

    private void use(String name, String element, String how) {
        List<Use> uses = names.computeIfAbsent(name, n -> new ArrayList<>());
        Use use = new Use(element, how);
        if (!uses.contains(use)) {
            uses.add(use);
        }
    }

    /** The id of the flow element (or message) an XML element belongs to. */
    private String owner(Element element) {
        for (Node n = element; n instanceof Element e; n = n.getParentNode()) {
            String id = e.getAttribute("id");
            if (!id.isEmpty() && model.getModelElementById(id) instanceof FlowElement) {
                return id;
            }
        }
        return process().getId();
    }

    private static String describe(String name) {
        return switch (name) {
            case "conditionExpression" -> "condition";
            case "timeDuration", "timeDate", "timeCycle" -> "timer";
            case "loopCardinality" -> "loop cardinality";
            case "completionCondition" -> "completion condition";
            case "candidateGroups" -> "candidate groups";
            case "candidateUsers" -> "candidate users";
            case "dueDate" -> "due date";
            case "followUpDate" -> "follow-up date";
            default -> name;
        };
    }

    /**
     * How many of each kind of flow node, most first: "34 exclusive gateways, 28 service
     * tasks, ...".
     */
    static String countByKind(List<String> kinds) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        kinds.forEach(k -> counts.merge(k, 1, Integer::sum));
        return counts.entrySet()
            .stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .map(e -> e.getValue() + " " + plural(e.getKey(), e.getValue()))
            .reduce((a, b) -> a + ", " + b)
            .orElse("");
    }

    private static String plural(String kind, int count) {
        if (count == 1) {
            return kind;
        }
        return kind.endsWith("s") ? kind + "es" : kind + "s";
    }

}
