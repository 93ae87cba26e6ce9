package io.patchflow.process.sandbox;

import java.beans.FeatureDescriptor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Iterator;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.el.JuelExpressionManager;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.repository.ResourceDefinitionEntity;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.bpm.impl.juel.jakarta.el.CompositeELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.ELContext;
import org.camunda.bpm.impl.juel.jakarta.el.ELException;
import org.camunda.bpm.impl.juel.jakarta.el.ELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.FunctionMapper;
import org.camunda.bpm.impl.juel.jakarta.el.MethodNotFoundException;
import org.camunda.bpm.impl.juel.jakarta.el.PropertyNotFoundException;
import org.camunda.bpm.impl.juel.jakarta.el.PropertyNotWritableException;

/**
 * The engine's expression manager, for BPMN and for DMN's JUEL alike. An expression can
 * read process variables, resolve a bean of {@link ModelBeans} and call a helper's
 * allowed methods (which take no arguments); nothing else. There is no resolver for
 * properties or methods of arbitrary objects (Camunda's default has
 * {@code BeanELResolver}, which reaches {@code getClass()} and from there anything), no
 * Spring application context, no engine objects ({@code execution}, {@code task}) and no
 * functions.
 */
public class SandboxedExpressionManager extends JuelExpressionManager {

    private final ModelBeans beans;

    public SandboxedExpressionManager(ModelBeans beans) {
        super(beans.asEngineBeanMap());
        this.beans = beans;
    }

    public ModelBeans modelBeans() {
        return beans;
    }

    @Override
    public void addFunction(String name, Method function) {
        // The engine offers now(), dateTime(), currentUser() and currentUserGroups();
        // dateTime() returns an object whose methods would be the next question. Models
        // need none of them.
    }

    @Override
    protected FunctionMapper createFunctionMapper() {
        return new FunctionMapper() {
            @Override
            public Method resolveFunction(String prefix, String localName) {
                return null;
            }
        };
    }

    @Override
    protected ELResolver createElResolver() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new ModelBeanResolver(beans));
        resolver.add(new ProcessVariableResolver());
        resolver.add(new NothingElse(beans));
        return resolver;
    }

    /** Read-only resolvers answer the same for type and writability. */
    private abstract static class ReadOnlyResolver extends ELResolver {

        @Override
        public Class<?> getType(ELContext context, Object base, Object property) {
            return null;
        }

        @Override
        public void setValue(ELContext context, Object base, Object property, Object value) {
            throw new PropertyNotWritableException("Patchflow expressions do not assign: " + property);
        }

        @Override
        public boolean isReadOnly(ELContext context, Object base, Object property) {
            return true;
        }

        @Override
        public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
            return null;
        }

        @Override
        public Class<?> getCommonPropertyType(ELContext context, Object base) {
            return null;
        }

    }

    /** {@code ${name}} for a bean on the allow-list, and {@code ${helper.method()}}. */
    private static final class ModelBeanResolver extends ReadOnlyResolver {

        private final ModelBeans beans;

        ModelBeanResolver(ModelBeans beans) {
            this.beans = beans;
        }

        @Override
        public Object getValue(ELContext context, Object base, Object property) {
            if (base != null || !(property instanceof String name) || !beans.contains(name)) {
                return null;
            }
            if (beans.isDelegate(name)) {
                String key = processKey(context);
                if (key == null || !beans.ownProcessKeys().contains(key)) {
                    throw new ProcessEngineException("the delegate " + name
                            + " may be called only by Patchflow's own processes " + beans.ownProcessKeys() + ", not by "
                            + (key == null ? "an expression outside a process" : "process " + key));
                }
            }
            context.setPropertyResolved(true);
            return beans.bean(name);
        }

        @Override
        public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
            if (base == null || !(method instanceof String name)) {
                return null;
            }
            String helper = helperName(base);
            if (helper == null || !beans.allowsMethod(helper, name)) {
                return null;
            }
            if (params != null && params.length > 0) {
                throw new ELException("helpers take no arguments: " + helper + "." + name + "()");
            }
            Method target;
            try {
                target = base.getClass().getMethod(name);
            }
            catch (NoSuchMethodException e) {
                throw new MethodNotFoundException(helper + "." + name + "() does not exist");
            }
            try {
                Object result = target.invoke(base);
                context.setPropertyResolved(true);
                return result;
            }
            catch (IllegalAccessException e) {
                throw new ELException(helper + "." + name + "() is not callable", e);
            }
            catch (InvocationTargetException e) {
                throw new ELException(helper + "." + name + "() failed", e.getCause());
            }
        }

        private String helperName(Object base) {
            return beans.names()
                .stream()
                .filter(beans::isHelper)
                .filter(n -> beans.bean(n) == base)
                .findFirst()
                .orElse(null);
        }

        private static String processKey(ELContext context) {
            Object scope = context.getContext(VariableScope.class);
            ExecutionEntity execution = scope instanceof ExecutionEntity e ? e
                    : scope instanceof TaskEntity t ? t.getExecution() : null;
            if (execution == null) {
                return null;
            }
            ResourceDefinitionEntity<?> definition = execution.getProcessDefinition();
            return definition == null ? null : definition.getKey();
        }

    }

    /**
     * {@code ${name}} for a variable of the execution, task or decision being evaluated.
     */
    private static final class ProcessVariableResolver extends ReadOnlyResolver {

        @Override
        public Object getValue(ELContext context, Object base, Object property) {
            if (base != null || !(property instanceof String name)) {
                return null;
            }
            Object scope = context.getContext(VariableScope.class);
            if (scope instanceof VariableScope variables && variables.hasVariable(name)) {
                context.setPropertyResolved(true);
                return variables.getVariable(name);
            }
            Object decision = context.getContext(VariableContext.class);
            if (decision instanceof VariableContext variables && variables.containsVariable(name)) {
                TypedValue value = variables.resolve(name);
                context.setPropertyResolved(true);
                return value == null ? null : value.getValue();
            }
            return null;
        }

    }

    /** Last in the chain: says why instead of "cannot resolve". */
    private static final class NothingElse extends ReadOnlyResolver {

        private final ModelBeans beans;

        NothingElse(ModelBeans beans) {
            this.beans = beans;
        }

        @Override
        public Object getValue(ELContext context, Object base, Object property) {
            if (base != null) {
                throw new PropertyNotFoundException(
                        "Patchflow expressions do not read properties of objects (" + base.getClass().getSimpleName()
                                + "." + property + "); they read process variables and call " + beans.describe());
            }
            return null;
        }

        @Override
        public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
            throw new MethodNotFoundException("Patchflow expressions do not call " + method + "() on "
                    + (base == null ? "nothing" : base.getClass().getSimpleName()) + "; they may call "
                    + beans.describe());
        }

    }

}
