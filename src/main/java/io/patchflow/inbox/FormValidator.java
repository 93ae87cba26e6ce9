package io.patchflow.inbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.shared.InvalidInputException;

/**
 * Validates a submission against the task's Camunda Form on the server, whatever the
 * browser checked: only the form's fields, required fields present, choices among the
 * offered values, text within its length limits.
 */
public final class FormValidator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FormValidator() {
    }

    public static Map<String, Object> validate(String formSchema, Map<String, Object> submitted) {
        Map<String, JsonNode> fields = fields(formSchema);
        Map<String, Object> input = submitted == null ? Map.of() : submitted;
        for (String key : input.keySet()) {
            if (!fields.containsKey(key)) {
                throw new InvalidInputException(key, key + " is not a field of this form");
            }
        }
        Map<String, Object> clean = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : fields.entrySet()) {
            String key = field.getKey();
            JsonNode component = field.getValue();
            Object value = input.get(key);
            boolean blank = value == null || (value instanceof String s && s.isBlank());
            JsonNode validate = component.path("validate");
            if (blank) {
                if (validate.path("required").asBoolean(false)) {
                    throw new InvalidInputException(key, label(component) + " is required");
                }
                continue;
            }
            clean.put(key, checked(key, component, validate, value));
        }
        return clean;
    }

    private static Object checked(String key, JsonNode component, JsonNode validate, Object value) {
        String type = component.path("type").asText();
        switch (type) {
            case "radio", "select" -> {
                if (!(value instanceof String choice)) {
                    throw new InvalidInputException(key, label(component) + " must be one of the offered choices");
                }
                List<String> allowed = new ArrayList<>();
                component.path("values").forEach(v -> allowed.add(v.path("value").asText()));
                if (!allowed.contains(choice)) {
                    throw new InvalidInputException(key, label(component) + " must be one of " + allowed);
                }
                return choice;
            }
            case "textfield", "textarea" -> {
                if (!(value instanceof String raw)) {
                    throw new InvalidInputException(key, label(component) + " must be text");
                }
                String text = raw.strip();
                if (validate.has("maxLength") && text.length() > validate.get("maxLength").asInt()) {
                    throw new InvalidInputException(key,
                            label(component) + " is at most " + validate.get("maxLength").asInt() + " characters");
                }
                if (validate.has("minLength") && text.length() < validate.get("minLength").asInt()) {
                    throw new InvalidInputException(key,
                            label(component) + " is at least " + validate.get("minLength").asInt() + " characters");
                }
                return text;
            }
            case "checkbox" -> {
                if (!(value instanceof Boolean)) {
                    throw new InvalidInputException(key, label(component) + " must be true or false");
                }
                return value;
            }
            case "number" -> {
                if (!(value instanceof Number number)) {
                    throw new InvalidInputException(key, label(component) + " must be a number");
                }
                if (validate.has("min") && number.doubleValue() < validate.get("min").asDouble()) {
                    throw new InvalidInputException(key,
                            label(component) + " is at least " + validate.get("min").asText());
                }
                if (validate.has("max") && number.doubleValue() > validate.get("max").asDouble()) {
                    throw new InvalidInputException(key,
                            label(component) + " is at most " + validate.get("max").asText());
                }
                return number;
            }
            default ->
                throw new IllegalStateException("form field " + key + " has a type the server cannot check: " + type);
        }
    }

    private static Map<String, JsonNode> fields(String formSchema) {
        try {
            Map<String, JsonNode> fields = new HashMap<>();
            collect(JSON.readTree(formSchema).path("components"), fields);
            return fields;
        }
        catch (java.io.IOException e) {
            throw new IllegalStateException("the task's form is not valid JSON", e);
        }
    }

    private static void collect(JsonNode components, Map<String, JsonNode> fields) {
        for (JsonNode component : components) {
            if (component.hasNonNull("key")) {
                fields.put(component.get("key").asText(), component);
            }
            collect(component.path("components"), fields);
        }
    }

    private static String label(JsonNode component) {
        return component.path("label").asText(component.path("key").asText());
    }

}
