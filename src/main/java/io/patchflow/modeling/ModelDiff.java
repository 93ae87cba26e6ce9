package io.patchflow.modeling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.patchflow.modeling.ModelFile.Kind;

/**
 * What changed between two versions of one model file, element by element: two deployed
 * versions, or a draft and the live version. Elements are matched by id, so the list
 * names the same ids the diagram marks. Properties are compared in a canonical form: the
 * order of attributes and extension elements, namespace prefixes, indentation and the
 * diagram's coordinates are not changes; delegate expressions, form and decision
 * references, input/output mappings, listeners, conditions and timers are. For a decision
 * table each rule is an element of its own, its entries named by their column.
 */
public final class ModelDiff {

    /** The property a rule or a form field has when it moved among its siblings. */
    public static final String POSITION = "position";

    /**
     * The property an element has when it became another kind (a task made a user task).
     */
    public static final String TYPE = "type";

    /**
     * The size the engine's deploy-time rules allow a model file: nothing bigger is
     * compared.
     */
    static final int MAX_BYTES = 2 * 1024 * 1024;

    private ModelDiff() {
    }

    /**
     * @param before the older version, or null when the file is new
     * @param after the newer version (or the draft), or null when the file is removed
     * @throws IllegalArgumentException when a file is not well-formed (naming the file
     * and the line), declares a DOCTYPE, is larger or nested deeper than a model file may
     * be, is not a BPMN, DMN or form file, or the two are of different kinds
     */
    public static Diff of(ModelFile before, ModelFile after) {
        if (before == null && after == null) {
            throw new IllegalArgumentException("nothing to compare: neither version of the file was given");
        }
        ModelFile named = after != null ? after : before;
        Kind kind = named.kind();
        if (kind == Kind.OTHER) {
            throw new IllegalArgumentException(
                    named.name() + ": not a model file; a model file ends in .bpmn, .dmn or .form");
        }
        if (before != null && after != null && before.kind() != after.kind()) {
            throw new IllegalArgumentException("cannot compare " + before.name() + " with " + after.name()
                    + ": they are different kinds of model");
        }
        return new Diff(named.name(), kind, compare(elements(before, kind), elements(after, kind)));
    }

    private static Map<String, DiffElement> elements(ModelFile file, Kind kind) {
        if (file == null) {
            return Map.of();
        }
        int size = file.content().length;
        if (size > MAX_BYTES) {
            throw new IllegalArgumentException(file.name() + ": the file is " + size + " bytes, more than the "
                    + MAX_BYTES + " a model file may have");
        }
        return switch (kind) {
            case BPMN -> BpmnElements.of(file);
            case DMN -> DmnElements.of(file);
            case FORM -> FormElements.of(file);
            case OTHER -> throw new IllegalArgumentException(file.name() + ": not a model file");
        };
    }

    /** In the newer version's order; what was removed last, in the older one's. */
    private static List<ElementChange> compare(Map<String, DiffElement> before, Map<String, DiffElement> after) {
        Map<String, PropertyChange> moves = moves(before, after);
        List<ElementChange> changes = new ArrayList<>();
        for (DiffElement element : after.values()) {
            DiffElement old = before.get(element.id());
            if (old == null) {
                changes.add(change(element, Change.ADDED, properties(null, element)));
                continue;
            }
            List<PropertyChange> properties = new ArrayList<>();
            if (!Objects.equals(old.type(), element.type())) {
                properties.add(new PropertyChange(TYPE, old.type(), element.type()));
            }
            properties.addAll(properties(old, element));
            if (moves.containsKey(element.id())) {
                properties.add(moves.get(element.id()));
            }
            if (!properties.isEmpty()) {
                changes.add(change(element, Change.CHANGED, properties));
            }
        }
        for (DiffElement element : before.values()) {
            if (!after.containsKey(element.id())) {
                changes.add(change(element, Change.REMOVED, properties(element, null)));
            }
        }
        return List.copyOf(changes);
    }

    private static ElementChange change(DiffElement element, Change change, List<PropertyChange> properties) {
        return new ElementChange(element.id(), element.type(), element.name(), change, properties);
    }

    private static List<PropertyChange> properties(DiffElement older, DiffElement newer) {
        Map<String, String> before = older == null ? Map.of() : older.properties();
        Map<String, String> after = newer == null ? Map.of() : newer.properties();
        List<PropertyChange> changes = new ArrayList<>();
        after.forEach((property, value) -> {
            String old = before.get(property);
            if (!value.equals(old)) {
                changes.add(new PropertyChange(shown(property, newer, older), old, value));
            }
        });
        before.forEach((property, value) -> {
            if (!after.containsKey(property)) {
                changes.add(new PropertyChange(shown(property, older, newer), value, null));
            }
        });
        return changes;
    }

    private static String shown(String property, DiffElement element, DiffElement other) {
        String shown = element.shown(property);
        if (shown == null && other != null) {
            shown = other.shown(property);
        }
        return shown == null ? property : shown;
    }

    /**
     * Where order matters (rules, form fields), the siblings that kept their place are
     * the longest run they share in both versions; the others moved. Adding or removing
     * one does not move the rest.
     */
    private static Map<String, PropertyChange> moves(Map<String, DiffElement> before, Map<String, DiffElement> after) {
        Map<String, List<String>> oldOrder = order(before);
        Map<String, List<String>> newOrder = order(after);
        Map<String, PropertyChange> moves = new LinkedHashMap<>();
        newOrder.forEach((group, ids) -> {
            List<String> oldIds = oldOrder.getOrDefault(group, List.of());
            Set<String> oldSet = new HashSet<>(oldIds);
            Set<String> newSet = new HashSet<>(ids);
            List<String> a = oldIds.stream().filter(newSet::contains).toList();
            List<String> b = ids.stream().filter(oldSet::contains).toList();
            Set<String> kept = longestCommonSubsequence(a, b);
            for (String id : b) {
                if (!kept.contains(id)) {
                    moves.put(id, new PropertyChange(POSITION, String.valueOf(oldIds.indexOf(id) + 1),
                            String.valueOf(ids.indexOf(id) + 1)));
                }
            }
        });
        return moves;
    }

    private static Map<String, List<String>> order(Map<String, DiffElement> elements) {
        Map<String, List<String>> order = new LinkedHashMap<>();
        elements.values()
            .stream()
            .filter(element -> element.group() != null)
            .forEach(element -> order.computeIfAbsent(element.group(), group -> new ArrayList<>()).add(element.id()));
        return order;
    }

    /**
     * Both lists hold the same ids, so their longest common subsequence is the longest
     * increasing run of the older positions in the newer order: n log n, whatever the
     * size of the table.
     */
    private static Set<String> longestCommonSubsequence(List<String> a, List<String> b) {
        if (a.equals(b)) {
            return new HashSet<>(b);
        }
        Map<String, Integer> oldIndex = new HashMap<>();
        for (int i = 0; i < a.size(); i++) {
            oldIndex.put(a.get(i), i);
        }
        int[] tails = new int[b.size()];
        int[] previous = new int[b.size()];
        int length = 0;
        for (int j = 0; j < b.size(); j++) {
            int value = oldIndex.get(b.get(j));
            int low = 0;
            int high = length;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (oldIndex.get(b.get(tails[middle])) < value) {
                    low = middle + 1;
                }
                else {
                    high = middle;
                }
            }
            previous[j] = low > 0 ? tails[low - 1] : -1;
            tails[low] = j;
            length = Math.max(length, low + 1);
        }
        Set<String> kept = new HashSet<>();
        for (int j = length == 0 ? -1 : tails[length - 1]; j >= 0; j = previous[j]) {
            kept.add(b.get(j));
        }
        return kept;
    }

    /**
     * @param file the file's name
     * @param changes in the newer version's order, then what was removed
     */
    public record Diff(String file, Kind kind, List<ElementChange> changes) {

        public Diff {
            changes = List.copyOf(changes);
        }

        /** The ids to mark on the diagram as added, removed or changed. */
        public List<String> ids(Change change) {
            return changes.stream().filter(element -> element.change() == change).map(ElementChange::id).toList();
        }

        public boolean isEmpty() {
            return changes.isEmpty();
        }

    }

    /**
     * One element added, removed or changed.
     *
     * @param type what it is: {@code userTask}, {@code sequenceFlow}, {@code decision},
     * {@code rule}, a form component's type
     * @param name its name as a person reads it (a rule: its decision's name and number),
     * or null
     * @param properties what changed; for an added element all it has, for a removed one
     * all it had
     */
    public record ElementChange(String id, String type, String name, Change change, List<PropertyChange> properties) {

        public ElementChange {
            properties = List.copyOf(properties);
        }

    }

    /**
     * @param property its name: an attribute ({@code camunda:delegateExpression}), a path
     * ({@code timerEventDefinition timeDuration}), an extension element by its key
     * ({@code camunda:inputParameter phase}, {@code camunda:taskListener create}), or a
     * rule's entry by its column ({@code input "Highest CVSS base score"})
     * @param before null when it was not there
     * @param after null when it is not there any more
     */
    public record PropertyChange(String property, String before, String after) {
    }

    public enum Change {

        ADDED, REMOVED, CHANGED

    }

}
