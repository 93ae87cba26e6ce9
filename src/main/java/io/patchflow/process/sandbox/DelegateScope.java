package io.patchflow.process.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Patchflow's delegates act on a change, and the sandbox resolves them only inside the
 * processes Patchflow starts for one ({@link ModelBeans#ownProcessKeys()}). A process of
 * any other key, started on its own or called from patch-change, would fail at the first
 * delegate; the validation says so while the model is a draft (ADR 0049).
 */
final class DelegateScope {

    /** Elements whose text is prose, never evaluated (as in ModelPolicy). */
    private static final Set<String> PROSE = Set.of("documentation", "text");

    private DelegateScope() {
    }

    static List<Finding> check(String resource, ModelXml.Node definitions, ModelBeans beans,
            ExpressionRules expressions) {
        List<Finding> findings = new ArrayList<>();
        for (ModelXml.Node process : BpmnTree.executableProcesses(definitions)) {
            String key = process.attribute("id");
            if (beans.ownProcessKeys().contains(key)) {
                continue;
            }
            for (ModelXml.Node node : BpmnTree.descendants(process)) {
                Set<String> named = new TreeSet<>();
                for (ModelXml.Attribute attribute : node.attributes) {
                    if (ExpressionRules.isExpression(attribute.value())) {
                        named.addAll(expressions.delegatesNamed(attribute.value()));
                    }
                }
                if (!PROSE.contains(node.localName) && ExpressionRules.isExpression(node.text())) {
                    named.addAll(expressions.delegatesNamed(node.text()));
                }
                if (!named.isEmpty()) {
                    findings.add(Finding.at(resource, node, "calls " + String.join(", ", named)
                            + ", but Patchflow's delegates act on a change and run only in the processes "
                            + String.join(" and ", new TreeSet<>(beans.ownProcessKeys())) + "; in the process '" + key
                            + "' the call would fail when it runs, so model this as an embedded sub-process of one of "
                            + "those"));
                }
            }
        }
        return findings;
    }

}
