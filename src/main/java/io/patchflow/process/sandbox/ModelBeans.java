package io.patchflow.process.sandbox;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything a model may reach by name: Patchflow's delegates and listeners, and a few
 * helper beans with the methods a model may call on them. Nothing else resolves in an
 * expression, and this is exactly the engine's bean map.
 *
 * <p>
 * Delegates act on a change, so they resolve only inside the processes Patchflow ships
 * ({@link #ownProcessKeys()}); a model of any other key cannot call them. Helpers answer
 * a question about configuration (the proposal run's cycle), are asked before any process
 * instance exists (a timer start event), and resolve everywhere.
 *
 * <p>
 * Beans are looked up by name when an expression first needs them, because the delegates
 * depend on services that depend on the engine.
 */
public final class ModelBeans {

    private final Set<String> delegates;

    private final Map<String, Set<String>> helperMethods;

    private final Set<String> ownProcessKeys;

    private final Set<String> otherBeans;

    private final Function<String, Object> lookup;

    /**
     * @param otherBeans the names of the application's other beans: never resolvable, and
     * named in a finding when a model mentions one (a variable of that name would be a
     * mistake)
     */
    public ModelBeans(Set<String> delegates, Map<String, Set<String>> helperMethods, Set<String> ownProcessKeys,
            Set<String> otherBeans, Function<String, Object> lookup) {
        Set<String> both = new TreeSet<>(delegates);
        both.retainAll(helperMethods.keySet());
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("a bean is either a delegate or a helper, not both: " + both);
        }
        this.delegates = Set.copyOf(delegates);
        this.helperMethods = helperMethods.entrySet()
            .stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
        this.ownProcessKeys = Set.copyOf(ownProcessKeys);
        Set<String> others = new TreeSet<>(otherBeans);
        others.removeAll(delegates);
        others.removeAll(helperMethods.keySet());
        this.otherBeans = Collections.unmodifiableSet(others);
        this.lookup = lookup;
    }

    public boolean isDelegate(String name) {
        return delegates.contains(name);
    }

    public boolean isHelper(String name) {
        return helperMethods.containsKey(name);
    }

    public boolean contains(String name) {
        return isDelegate(name) || isHelper(name);
    }

    public boolean allowsMethod(String bean, String method) {
        return helperMethods.getOrDefault(bean, Set.of()).contains(method);
    }

    /** A bean of the application that is not on the allow-list. */
    public boolean isOtherBean(String name) {
        return otherBeans.contains(name);
    }

    /** The processes whose models may call delegates: the ones Patchflow ships. */
    public Set<String> ownProcessKeys() {
        return ownProcessKeys;
    }

    public Object bean(String name) {
        if (!contains(name)) {
            throw new IllegalArgumentException(name + " is not on the model's allow-list");
        }
        return lookup.apply(name);
    }

    /** For messages: what a model may call. */
    public String describe() {
        String helpers = helperMethods.entrySet()
            .stream()
            .sorted(Map.Entry.comparingByKey())
            .flatMap(e -> e.getValue().stream().sorted().map(m -> e.getKey() + "." + m + "()"))
            .collect(Collectors.joining(", "));
        return "Patchflow's delegates (" + String.join(", ", new TreeSet<>(delegates)) + ")"
                + (helpers.isEmpty() ? "" : " and the helpers " + helpers);
    }

    public Set<String> names() {
        Set<String> names = new TreeSet<>(delegates);
        names.addAll(helperMethods.keySet());
        return Collections.unmodifiableSet(names);
    }

    /** The engine's bean map: the allow-list, each bean fetched when first read. */
    public Map<Object, Object> asEngineBeanMap() {
        return new AbstractMap<>() {
            @Override
            public Set<Entry<Object, Object>> entrySet() {
                Map<Object, Object> all = new LinkedHashMap<>();
                names().forEach(name -> all.put(name, bean(name)));
                return all.entrySet();
            }

            @Override
            public boolean containsKey(Object key) {
                return key instanceof String name && contains(name);
            }

            @Override
            public Object get(Object key) {
                return containsKey(key) ? bean((String) key) : null;
            }

            @Override
            public Set<Object> keySet() {
                return Set.copyOf(names());
            }
        };
    }

}
