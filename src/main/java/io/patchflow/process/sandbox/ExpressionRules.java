package io.patchflow.process.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.camunda.bpm.impl.juel.AstBracket;
import org.camunda.bpm.impl.juel.AstDot;
import org.camunda.bpm.impl.juel.AstFunction;
import org.camunda.bpm.impl.juel.AstIdentifier;
import org.camunda.bpm.impl.juel.AstMethod;
import org.camunda.bpm.impl.juel.AstParameters;
import org.camunda.bpm.impl.juel.Builder;
import org.camunda.bpm.impl.juel.Node;
import org.camunda.bpm.impl.juel.Tree;
import org.camunda.bpm.impl.juel.TreeBuilderException;

/**
 * The deploy-time reading of one expression, with the engine's own JUEL parser: the same
 * rules as {@link SandboxedExpressionManager} applies when it evaluates, said before
 * anything runs.
 */
final class ExpressionRules {

    /** Names Camunda's default resolver answers with engine objects; ours does not. */
    static final Set<String> ENGINE_OBJECTS = Set.of("execution", "task", "caseExecution", "externalTask",
            "authenticatedUserId", "variableContext");

    private final ModelBeans beans;

    ExpressionRules(ModelBeans beans) {
        this.beans = beans;
    }

    /** True if the text is evaluated as an expression by the engine. */
    static boolean isExpression(String text) {
        return text != null && (text.contains("${") || text.contains("#{"));
    }

    /** What is wrong with an expression; empty if it may run. */
    List<String> check(String expression) {
        Tree tree;
        try {
            tree = new Builder(Builder.Feature.METHOD_INVOCATIONS, Builder.Feature.VARARGS).build(expression);
        }
        catch (TreeBuilderException e) {
            return List.of("is not a valid expression (" + e.getMessage() + ")");
        }
        List<String> problems = new ArrayList<>();
        walk(tree.getRoot(), problems);
        return problems;
    }

    /** The delegates an expression names; empty if it names none or does not parse. */
    Set<String> delegatesNamed(String expression) {
        Tree tree;
        try {
            tree = new Builder(Builder.Feature.METHOD_INVOCATIONS, Builder.Feature.VARARGS).build(expression);
        }
        catch (TreeBuilderException e) {
            return Set.of();
        }
        Set<String> named = new TreeSet<>();
        Deque<Node> open = new ArrayDeque<>(List.of(tree.getRoot()));
        while (!open.isEmpty()) {
            Node node = open.pop();
            if (node instanceof AstIdentifier identifier && beans.isDelegate(identifier.getName())) {
                named.add(identifier.getName());
            }
            for (int i = 0; i < node.getCardinality(); i++) {
                open.push(node.getChild(i));
            }
        }
        return named;
    }

    /**
     * A delegate expression must name one delegate on the allow-list and nothing more.
     */
    List<String> checkDelegate(String expression) {
        String trimmed = expression.strip();
        if (trimmed.startsWith("${") && trimmed.endsWith("}")) {
            String name = trimmed.substring(2, trimmed.length() - 1).strip();
            if (name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                return beans.isDelegate(name) ? List.of()
                        : List.of("names " + name + ", which is not one of " + beans.describe());
            }
        }
        return List.of("must name one delegate as ${name}; a model may call " + beans.describe());
    }

    private void walk(Node node, List<String> problems) {
        if (node instanceof AstFunction function) {
            problems
                .add("calls the function " + function.getName() + "(), and Patchflow expressions have no functions");
            return;
        }
        if (node instanceof AstMethod method) {
            Node property = method.getChild(0);
            if (property instanceof AstDot dot && dot.getChild(0) instanceof AstIdentifier target) {
                String name = propertyName(dot);
                if (beans.allowsMethod(target.getName(), name)) {
                    AstParameters params = (AstParameters) method.getChild(1);
                    if (params.getCardinality() > 0) {
                        problems
                            .add("passes arguments to " + target.getName() + "." + name + "(), and helpers take none");
                    }
                    return;
                }
                problems.add("calls " + target.getName() + "." + name
                        + "(), which is not on the allow-list; a model may call " + beans.describe());
                return;
            }
            problems.add("calls a method on something other than a named helper; a model may call " + beans.describe());
            return;
        }
        if (node instanceof AstDot dot) {
            problems.add("reads ." + propertyName(dot) + " of an object; expressions read process variables only");
            return;
        }
        if (node instanceof AstBracket) {
            problems.add("reads a property of an object with [...]; expressions read process variables only");
            return;
        }
        if (node instanceof AstIdentifier identifier && ENGINE_OBJECTS.contains(identifier.getName())) {
            problems.add("uses " + identifier.getName() + ", an engine object that Patchflow expressions cannot reach");
            return;
        }
        if (node instanceof AstIdentifier identifier && beans.isOtherBean(identifier.getName())) {
            problems.add("names the bean " + identifier.getName()
                    + ", which is not on the allow-list; a model may call " + beans.describe());
            return;
        }
        for (int i = 0; i < node.getCardinality(); i++) {
            walk(node.getChild(i), problems);
        }
    }

    /** AstDot keeps its property name to itself; its printed form is ". name". */
    private static String propertyName(AstDot dot) {
        String printed = dot.toString();
        return printed.startsWith(". ") ? printed.substring(2) : printed;
    }

}
