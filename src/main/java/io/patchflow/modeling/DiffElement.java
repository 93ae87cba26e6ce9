package io.patchflow.modeling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One element of one version of a model as the diff compares it: its id, what it is, and
 * its properties canonicalised to strings, so that two versions are compared property by
 * property whatever order, prefixes and whitespace the tool that saved them chose.
 *
 * @param group the id of what it is ordered in where its order matters (a rule in its
 * decision table, a form field in its group), otherwise null
 * @param shownAs how a property is named where its key is not what a person reads: a
 * rule's entries are keyed by their column's id, so that renaming a column changes the
 * column and not every rule, and shown by the column's label
 */
record DiffElement(String id, String type, String name, String group, Map<String, String> properties,
        Map<String, String> shownAs) {

    DiffElement(String id, String type, String name, String group, Map<String, String> properties) {
        this(id, type, name, group, properties, Map.of());
    }

    /** The name a person reads for a property, or null if it has none of its own. */
    String shown(String property) {
        for (Map.Entry<String, String> entry : shownAs.entrySet()) {
            String key = entry.getKey();
            if (property.equals(key) || property.startsWith(key + " ")) {
                return entry.getValue() + property.substring(key.length());
            }
        }
        return null;
    }

    /**
     * Collects properties in the order they are found. A property found more than once
     * (two listeners on one event, two documentation elements) becomes one value: its
     * values sorted, so their order in the file is not a change.
     */
    static final class Properties {

        private final Map<String, List<String>> values = new LinkedHashMap<>();

        private int puts;

        void put(String property, String value) {
            if (value != null) {
                values.computeIfAbsent(property, key -> new ArrayList<>(1)).add(value);
                puts++;
            }
        }

        /** How many values were put so far. */
        int count() {
            return puts;
        }

        Map<String, String> toMap() {
            Map<String, String> map = new LinkedHashMap<>();
            values.forEach((property, list) -> map.put(property,
                    list.size() == 1 ? list.get(0) : String.join("; ", list.stream().sorted().toList())));
            return map;
        }

    }

}
