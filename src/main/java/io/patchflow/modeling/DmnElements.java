package io.patchflow.modeling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.patchflow.modeling.DiffElement.Properties;
import io.patchflow.modeling.XmlTree.Node;

/**
 * The elements of a DMN file by id: decisions (name, hit policy, history time to live,
 * the table's columns by id), input data and the like, and each rule of a decision table
 * as an element of its own, its entries named by their column: {@code input "Highest CVSS
 * base score"}, {@code output "riskScore"}.
 */
final class DmnElements {

    static final String RULE = "rule";

    /**
     * @param key what a rule's entries in this column are keyed by: the column's id
     * @param shownAs what they are shown as: its label, or its output's name
     */
    private record Column(String key, String shownAs) {
    }

    private DmnElements() {
    }

    static Map<String, DiffElement> of(ModelFile file) {
        Node root = XmlTree.parse(file);
        Reader reader = new Reader(root.namespace);
        for (Node node : root.children) {
            String id = node.attribute("id");
            if (reader.properties.inModel(node) && id != null && !id.isBlank()) {
                reader.add(node);
            }
        }
        return reader.elements;
    }

    private static final class Reader {

        private final XmlProperties properties;

        private final Map<String, DiffElement> elements = new LinkedHashMap<>();

        Reader(String namespace) {
            this.properties = new XmlProperties(namespace, node -> false);
        }

        void add(Node node) {
            Properties found = new Properties();
            List<Runnable> rules = new ArrayList<>();
            if (node.localName.equals("decision")) {
                properties.attributes(node, "", found, Set.of());
                for (Node child : node.children) {
                    if (properties.inModel(child) && child.localName.equals("decisionTable")) {
                        table(node, child, found, rules);
                    }
                    else {
                        properties.child(child, "", found);
                    }
                }
            }
            else {
                properties.element(node, found);
            }
            put(node.attribute("id"), node.localName, node.attribute("name"), null, found, Map.of());
            rules.forEach(Runnable::run);
        }

        private void table(Node decision, Node table, Properties found, List<Runnable> rules) {
            String hitPolicy = table.attribute("hitPolicy");
            found.put("hitPolicy", hitPolicy == null ? "UNIQUE" : hitPolicy);
            properties.attributes(table, "", found, Set.of("hitPolicy"));
            List<Column> inputs = new ArrayList<>();
            List<Column> outputs = new ArrayList<>();
            for (Node child : table.children) {
                if (!properties.inModel(child)) {
                    properties.child(child, "", found);
                    continue;
                }
                switch (child.localName) {
                    case "input" -> inputs.add(input(child, inputs.size(), found));
                    case "output" -> outputs.add(output(child, outputs.size(), found));
                    case RULE -> {
                        // The rules come after their decision, numbered as the table
                        // shows
                        // them.
                        int number = rules.size() + 1;
                        rules.add(() -> rule(decision, child, number, inputs, outputs));
                    }
                    default -> properties.child(child, "", found);
                }
            }
        }

        /**
         * @return the column: what the rules' entries are keyed by and shown as
         */
        private Column input(Node input, int index, Properties found) {
            String id = input.attribute("id");
            String path = "input " + (id == null ? "#" + (index + 1) : id);
            properties.attributes(input, path, found, Set.of());
            String expression = null;
            for (Node child : input.children) {
                if (properties.inModel(child) && child.localName.equals("inputExpression")) {
                    expression = expression(child);
                    found.put(path + " expression", expression);
                    properties.attributes(child, path, found, Set.of());
                }
                else if (properties.inModel(child) && child.localName.equals("inputValues")) {
                    found.put(path + " inputValues", expression(child));
                }
                else {
                    properties.child(child, path, found);
                }
            }
            String label = input.attribute("label");
            return new Column(path, "input \"" + first(label, expression, id, "#" + (index + 1)) + "\"");
        }

        private Column output(Node output, int index, Properties found) {
            String id = output.attribute("id");
            String path = "output " + (id == null ? "#" + (index + 1) : id);
            properties.attributes(output, path, found, Set.of());
            for (Node child : output.children) {
                if (properties.inModel(child)
                        && (child.localName.equals("outputValues") || child.localName.equals("defaultOutputEntry"))) {
                    found.put(path + " " + child.localName, expression(child));
                }
                else {
                    properties.child(child, path, found);
                }
            }
            return new Column(path, "output \""
                    + first(output.attribute("name"), output.attribute("label"), id, "#" + (index + 1)) + "\"");
        }

        private void rule(Node decision, Node rule, int number, List<Column> inputs, List<Column> outputs) {
            Properties found = new Properties();
            Map<String, String> shownAs = new LinkedHashMap<>();
            properties.attributes(rule, "", found, Set.of());
            int input = 0;
            int output = 0;
            for (Node child : rule.children) {
                if (!properties.inModel(child)) {
                    properties.child(child, "", found);
                    continue;
                }
                switch (child.localName) {
                    case "inputEntry" -> {
                        Column column = column(inputs, input++, "input", shownAs);
                        String text = expression(child);
                        // An empty entry and "-" both match anything.
                        entry(child, column.key(), text.isEmpty() ? "-" : text, found);
                    }
                    case "outputEntry" ->
                        entry(child, column(outputs, output++, "output", shownAs).key(), expression(child), found);
                    case "annotationEntry" -> found.put("annotation", expression(child));
                    default -> properties.child(child, "", found);
                }
            }
            String decisionName = first(decision.attribute("name"), decision.attribute("id"), "decision", null);
            put(rule.attribute("id"), RULE, decisionName + " rule " + number, decision.attribute("id"), found, shownAs);
        }

        /**
         * The column of the entry at this index; an entry past the last column by its
         * number.
         */
        private static Column column(List<Column> columns, int index, String kind, Map<String, String> shownAs) {
            Column column = index < columns.size() ? columns.get(index)
                    : new Column(kind + " #" + (index + 1), kind + " \"#" + (index + 1) + "\"");
            shownAs.put(column.key(), column.shownAs());
            return column;
        }

        private void entry(Node entry, String column, String text, Properties found) {
            found.put(column, text);
            properties.attributes(entry, column, found, Set.of());
            for (Node child : entry.children) {
                if (!(properties.inModel(child) && child.localName.equals("text"))) {
                    properties.child(child, column, found);
                }
            }
        }

        private void put(String id, String type, String name, String group, Properties found,
                Map<String, String> shownAs) {
            String base = id == null || id.isBlank() ? type + " " + name : id;
            String key = base;
            for (int n = 2; elements.containsKey(key); n++) {
                key = base + " (" + n + ")";
            }
            elements.put(key, new DiffElement(key, type, name, group, found.toMap(), shownAs));
        }

        /** The text of an expression: its {@code text} element. */
        private String expression(Node node) {
            Node text = node.child("text");
            return text != null && properties.inModel(text) ? text.text() : node.text();
        }

        private static String first(String a, String b, String c, String d) {
            for (String value : new String[] { a, b, c }) {
                if (value != null && !value.isBlank()) {
                    return value;
                }
            }
            return d;
        }

    }

}
