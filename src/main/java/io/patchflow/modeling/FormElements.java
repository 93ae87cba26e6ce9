package io.patchflow.modeling;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.patchflow.modeling.DiffElement.Properties;

/**
 * The components of a Camunda form by id, at any depth of groups and dynamic lists, each
 * property as canonical JSON (object keys sorted) so that key order and indentation are
 * not changes. The layout's row ids are the editor's bookkeeping, like a diagram's
 * coordinates; the order of the fields is a change, and so is moving one into another
 * group.
 */
final class FormElements {

    static final String FORM = "form";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The tool that saved the file, not the form. */
    private static final Set<String> NOT_THE_FORM = Set.of("id", "components", "exporter", "$schema");

    private FormElements() {
    }

    static Map<String, DiffElement> of(ModelFile file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.content());
        }
        catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            throw new IllegalArgumentException(file.name() + ": not well-formed JSON"
                    + (location == null ? "" : " at line " + location.getLineNr()) + ": " + e.getOriginalMessage(), e);
        }
        catch (IOException e) {
            throw new IllegalArgumentException(file.name() + ": cannot be read as JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof ObjectNode form)) {
            throw new IllegalArgumentException(file.name() + ": not a form: a form is a JSON object with components");
        }
        Map<String, DiffElement> elements = new LinkedHashMap<>();
        String formId = form.path("id").isTextual() && !form.path("id").asText().isBlank() ? form.path("id").asText()
                : FORM;
        Properties found = new Properties();
        fields(form, NOT_THE_FORM, found);
        elements.put(formId, new DiffElement(formId, FORM, formId, null, found.toMap()));
        components(form.path("components"), formId, null, elements);
        return elements;
    }

    private static void components(JsonNode components, String group, String parent,
            Map<String, DiffElement> elements) {
        if (!components.isArray()) {
            return;
        }
        for (int i = 0; i < components.size(); i++) {
            JsonNode component = components.get(i);
            String key = key(component, group, i, elements);
            Properties found = new Properties();
            if (component instanceof ObjectNode object) {
                // The type is compared as the element's type.
                fields(object, Set.of("id", "type", "components", "layout"), found);
                JsonNode layout = object.path("layout");
                if (layout instanceof ObjectNode columns) {
                    ObjectNode withoutRow = columns.deepCopy();
                    withoutRow.remove("row");
                    if (!withoutRow.isEmpty()) {
                        found.put("layout", json(withoutRow));
                    }
                }
            }
            else {
                found.put("value", json(component));
            }
            if (parent != null) {
                found.put("parent", parent);
            }
            elements.put(key, new DiffElement(key, text(component, "type"), name(component), group, found.toMap()));
            components(component.path("components"), key, key, elements);
        }
    }

    private static String key(JsonNode component, String group, int index, Map<String, DiffElement> elements) {
        String id = text(component, "id");
        String base = id != null ? id : group + "/" + (index + 1);
        String key = base;
        for (int n = 2; elements.containsKey(key); n++) {
            key = base + " (" + n + ")";
        }
        return key;
    }

    private static String name(JsonNode component) {
        String label = text(component, "label");
        return label != null ? label : text(component, "key");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static void fields(ObjectNode object, Set<String> except, Properties found) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        names.stream().sorted().filter(name -> !except.contains(name)).forEach(name -> {
            JsonNode value = object.get(name);
            found.put(name, value.isTextual() ? value.asText() : json(value));
        });
    }

    /** JSON with object keys sorted: one spelling for one value. */
    static String json(JsonNode node) {
        if (node.isObject()) {
            List<String> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.add(new TextNode(field.getKey()) + ":" + json(field.getValue()));
            }
            fields.sort(null);
            return "{" + String.join(",", fields) + "}";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(json(item)));
            return "[" + String.join(",", items) + "]";
        }
        return node.toString();
    }

}
