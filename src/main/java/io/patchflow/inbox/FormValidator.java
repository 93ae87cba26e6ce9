package io.patchflow.inbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.shared.InvalidInputException;

/**
 * Validates a submission against the task's Camunda Form on the server, whatever the
 * browser checked: only the form's fields, required fields present, choices among the
 * offered values, text within its length limits. A field the form hides for the answers
 * given (form-js {@code conditional.hide}) is not part of the form for them: it is not
 * required, and a value for it is refused, as the browser would not send one. So "a
 * reason, required when you reject" is a field hidden unless the decision is a rejection,
 * and required.
 * <p>
 * Used for every completion twice: by the inbox before the engine is asked, and inside
 * the engine (the decision listener), whichever client completes the task.
 */
public final class FormValidator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FormValidator() {
    }

    /**
     * Field types whose values the server checks; a form with another keyed field is
     * refused.
     */
    private static final Set<String> CHECKED_TYPES = Set.of("radio", "select", "textfield", "textarea", "checkbox",
            "number");

    /**
     * Field types a condition may read. A text is sent as the person left it, and a blank
     * one not at all, so the browser ({@code ""}) and the server (absent) would see
     * different values; a choice, a checkbox and a number are the same on both sides.
     */
    private static final Set<String> CONDITION_TYPES = Set.of("radio", "select", "checkbox", "number");

    /**
     * Refuses, with an {@link IllegalStateException} that says why, a form the server
     * could not judge as the browser does: not JSON, a field of a type it does not check,
     * a condition outside the FEEL it evaluates or that reads anything but a choice field
     * of the form, a condition on a group. Run when a form is deployed (the model
     * policy), so such a form never reaches a person's task, and again before each
     * validation.
     */
    public static void check(String formSchema) {
        Map<String, JsonNode> fields = fields(formSchema);
        for (JsonNode component : fields.values()) {
            String key = component.path("key").asText();
            String type = component.path("type").asText();
            if (!CHECKED_TYPES.contains(type)) {
                throw new IllegalStateException("form field " + key + " has a type the server cannot check: " + type
                        + " (it checks " + CHECKED_TYPES.stream().sorted().toList() + ")");
            }
            FormCondition hiddenWhen = hiddenWhen(component);
            for (String name : hiddenWhen == null ? Set.<String>of() : hiddenWhen.names()) {
                JsonNode read = fields.get(name);
                if (read == null || !CONDITION_TYPES.contains(read.path("type").asText())) {
                    throw new IllegalStateException("the condition of form field " + key + " reads " + name
                            + ", which is not a choice, checkbox or number field of this form;"
                            + " the server can only evaluate conditions on those");
                }
            }
        }
    }

    /** The keys of the form's fields, in the form's order. */
    public static List<String> fieldKeys(String formSchema) {
        return List.copyOf(fields(formSchema).keySet());
    }

    public static Map<String, Object> validate(String formSchema, Map<String, Object> submitted) {
        check(formSchema);
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
            FormCondition hiddenWhen = hiddenWhen(component);
            if (hiddenWhen != null && hiddenWhen.test(input)) {
                if (!blank) {
                    throw new InvalidInputException(key, label(component)
                            + " is not asked for these answers (the form hides it when " + hiddenWhen + ")");
                }
                continue;
            }
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

    /**
     * The condition under which the form hides the component; null if it never does. A
     * condition the server cannot evaluate fails every submission rather than passing one
     * the browser would refuse.
     */
    private static FormCondition hiddenWhen(JsonNode component) {
        JsonNode hide = component.path("conditional").path("hide");
        if (hide.isMissingNode() || hide.isNull() || (hide.isBoolean() && !hide.asBoolean())) {
            return null;
        }
        if (hide.isBoolean()) {
            return FormCondition.parse("=true = true");
        }
        return FormCondition.parse(hide.asText());
    }

    private static Map<String, JsonNode> fields(String formSchema) {
        try {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            collect(JSON.readTree(formSchema).path("components"), fields);
            return fields;
        }
        catch (java.io.IOException e) {
            throw new IllegalStateException("the form is not valid JSON", e);
        }
    }

    private static void collect(JsonNode components, Map<String, JsonNode> fields) {
        for (JsonNode component : components) {
            if (component.hasNonNull("key")) {
                fields.put(component.get("key").asText(), component);
            }
            if (component.path("components").size() > 0 && component.has("conditional")) {
                // Hiding a group hides its fields; the server does not follow that yet,
                // and must not judge such a form differently from the browser.
                throw new IllegalStateException("the server cannot check a condition on the group "
                        + component.path("id").asText() + "; put the condition on its fields");
            }
            collect(component.path("components"), fields);
        }
    }

    private static String label(JsonNode component) {
        return component.path("label").asText(component.path("key").asText());
    }

}
