package io.patchflow.process;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

import io.patchflow.modeling.DelegateCatalogue;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.sandbox.ModelBeans;

/**
 * The delegate catalogue (ADR 0052): exactly the model's allow-list ({@link ModelBeans}),
 * each delegate and listener described by the {@link ModelDelegate} on its class, each
 * helper by {@link #HELPER_SUMMARIES}. Built once at start-up from the bean definitions,
 * without creating a bean; a delegate or listener without {@code @ModelDelegate}, or a
 * helper without a summary, stops the start, so nothing reaches the allow-list
 * undescribed.
 */
@Component
class DelegateCatalogueAdapter implements DelegateCatalogue {

    static final String SERVICE_TASK = "service task";

    static final String LISTENER = "listener";

    static final String HELPER = "helper";

    /**
     * What each helper answers. Helpers live in their own feature package, which may not
     * depend on process, so they cannot carry {@code @ModelDelegate}; the methods a model
     * may call come from {@link EngineConfiguration#HELPERS}.
     */
    static final Map<String, String> HELPER_SUMMARIES = Map.of("proposalSettings",
            "How often the proposal run starts: an ISO 8601 repeating interval such as R/PT1H "
                    + "(setting patchflow.proposals.cycle), for the cycle of a timer start event. It "
                    + "reads configuration only.");

    /** A variable's name, or one with a part the model chooses: {@code {form field}}. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_]\\w*|\\w*\\{[a-zA-Z ]+}\\w*");

    /**
     * One entry as the code declares it, for docs/delegates.md; {@link #delegate()} is
     * what the port hands out.
     */
    record Entry(String bean, String kind, String summary, boolean actsOnChange, List<Variable> inputs,
            List<Variable> properties, List<Variable> reads, List<Variable> writes) {

        /**
         * The port's view: inputs and properties are read too, each marked as what it is.
         */
        Delegate delegate() {
            List<Variable> all = new ArrayList<>();
            inputs.forEach(v -> all.add(new Variable(v.name(), "Input parameter of the step: " + v.description())));
            properties.forEach(v -> all
                .add(new Variable(v.name(), "Property (camunda:property) of the element: " + v.description())));
            all.addAll(reads);
            return new Delegate(bean, kind, summary, List.copyOf(all), writes);
        }

    }

    private final List<Entry> entries;

    private final List<Delegate> delegates;

    private final List<String> ownProcessKeys;

    /**
     * @param factory the bean definitions, to find each bean's class without creating it
     */
    DelegateCatalogueAdapter(ModelBeans beans, ListableBeanFactory factory) {
        this.entries = entries(beans, name -> factory.getType(name, false));
        this.delegates = entries.stream().map(Entry::delegate).toList();
        this.ownProcessKeys = List.copyOf(new TreeSet<>(beans.ownProcessKeys()));
    }

    @Override
    public List<Delegate> delegates() {
        return delegates;
    }

    /** Every entry, by bean name. */
    List<Entry> entries() {
        return entries;
    }

    /**
     * The process keys whose models may call the entry: for a delegate or listener those
     * Patchflow ships; empty for a helper, which any process may call.
     */
    List<String> processesOf(Entry entry) {
        return HELPER.equals(entry.kind()) ? List.of() : ownProcessKeys;
    }

    static List<Entry> entries(ModelBeans beans, Function<String, Class<?>> typeOf) {
        Set<String> stale = new TreeSet<>(HELPER_SUMMARIES.keySet());
        stale.removeIf(beans::isHelper);
        if (!stale.isEmpty()) {
            throw new IllegalStateException(
                    "DelegateCatalogueAdapter.HELPER_SUMMARIES describes " + stale + ", which are not helpers");
        }
        List<Entry> entries = new ArrayList<>();
        for (String name : new TreeSet<>(beans.names())) {
            entries.add(beans.isHelper(name) ? helper(beans, name) : delegate(name, typeOf.apply(name)));
        }
        return List.copyOf(entries);
    }

    private static Entry helper(ModelBeans beans, String name) {
        String summary = HELPER_SUMMARIES.get(name);
        if (summary == null) {
            throw new IllegalStateException("the helper " + name
                    + " is on the model's allow-list without a summary; add one to DelegateCatalogueAdapter.HELPER_SUMMARIES");
        }
        String calls = EngineConfiguration.HELPERS.getOrDefault(name, Set.of())
            .stream()
            .filter(method -> beans.allowsMethod(name, method))
            .sorted()
            .map(method -> "${" + name + "." + method + "()}")
            .collect(Collectors.joining(" or "));
        return new Entry(name, HELPER, (calls.isEmpty() ? "" : "Call as " + calls + ". ") + summary, false, List.of(),
                List.of(), List.of(), List.of());
    }

    private static Entry delegate(String name, Class<?> declared) {
        if (declared == null) {
            throw new IllegalStateException("the allow-list names " + name + ", but no bean of that name has a type");
        }
        Class<?> type = ClassUtils.getUserClass(declared);
        ModelDelegate described = AnnotationUtils.findAnnotation(type, ModelDelegate.class);
        if (described == null) {
            throw new IllegalStateException(name + " (" + type.getName()
                    + ") is on the model's allow-list without @ModelDelegate: say what it does and which variables"
                    + " it reads and writes, for the analysts' catalogue (docs/delegates.md, ADR 0052)");
        }
        String kind;
        if (JavaDelegate.class.isAssignableFrom(type)) {
            kind = SERVICE_TASK;
        }
        else if (TaskListener.class.isAssignableFrom(type) || ExecutionListener.class.isAssignableFrom(type)) {
            kind = LISTENER;
        }
        else {
            throw new IllegalStateException(name + " (" + type.getName() + ") is neither a delegate nor a listener");
        }
        return new Entry(name, kind, described.summary().strip(), described.actsOnChange(),
                variables(name, "inputs", described.inputs()), variables(name, "properties", described.properties()),
                variables(name, "reads", described.reads()), variables(name, "writes", described.writes()));
    }

    private static List<Variable> variables(String bean, String list, ModelDelegate.Var[] declared) {
        Set<String> seen = new HashSet<>();
        List<Variable> variables = new ArrayList<>();
        for (ModelDelegate.Var var : declared) {
            if (!NAME.matcher(var.name()).matches() || var.means().isBlank()) {
                throw new IllegalStateException("@ModelDelegate of " + bean + " has " + list + " '" + var.name()
                        + "': a name is a variable's (or one with a {part} the model chooses), with what it means");
            }
            if (!seen.add(var.name())) {
                throw new IllegalStateException(
                        "@ModelDelegate of " + bean + " has " + var.name() + " twice in " + list);
            }
            variables.add(new Variable(var.name(), var.means().strip()));
        }
        return List.copyOf(variables);
    }

}
