package io.patchflow.process.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Every form, decision and process a model refers to exists: in the files published with
 * it, or already deployed. The engine checks none of this at deployment; a broken
 * reference fails when a change reaches the task, as an incident. A reference is a
 * literal name, so that it can be checked now; an expression would be resolved only at
 * run time.
 */
final class References {

    /** What the files being validated define. */
    record Given(Set<String> forms, Set<String> decisions, Set<String> processes) {
    }

    private References() {
    }

    static List<Finding> check(String resource, ModelXml.Node definitions, Given given,
            ModelValidation.Deployed deployed) {
        List<Finding> findings = new ArrayList<>();
        for (ModelXml.Node process : BpmnTree.executableProcesses(definitions)) {
            for (ModelXml.Node node : BpmnTree.descendants(process)) {
                if (!BpmnTree.isBpmn(node)) {
                    continue;
                }
                if (node.localName.equals("userTask") || node.localName.equals("startEvent")) {
                    reference(resource, node, "formRef", node.attribute(ModelPolicy.EXTENSION_NS, "formRef"),
                            node.attribute(ModelPolicy.EXTENSION_NS, "formRefBinding"), "form", given.forms()::contains,
                            deployed::form, findings);
                }
                else if (node.localName.equals("businessRuleTask")) {
                    reference(resource, node, "decisionRef", node.attribute(ModelPolicy.EXTENSION_NS, "decisionRef"),
                            node.attribute(ModelPolicy.EXTENSION_NS, "decisionRefBinding"), "decision",
                            given.decisions()::contains, deployed::decision, findings);
                }
                else if (node.localName.equals("callActivity")) {
                    if (node.attribute(ModelPolicy.EXTENSION_NS, "caseRef") != null) {
                        findings.add(Finding.at(resource, node,
                                "calls a CMMN case (camunda:caseRef); Patchflow runs BPMN processes only, so call a process"));
                    }
                    reference(resource, node, "calledElement", node.plainAttribute("calledElement"),
                            node.attribute(ModelPolicy.EXTENSION_NS, "calledElementBinding"), "process",
                            given.processes()::contains, deployed::process, findings);
                }
            }
        }
        return findings;
    }

    private static void reference(String resource, ModelXml.Node node, String attribute, String value, String binding,
            String kind, Predicate<String> inFiles, Predicate<String> isDeployed, List<Finding> findings) {
        if (value == null || value.isBlank()) {
            return;
        }
        String name = value.strip();
        if (ExpressionRules.isExpression(name)) {
            findings.add(Finding.at(resource, node, attribute + " is the expression " + name + "; name the " + kind
                    + " itself, so that the reference can be checked before the model runs"));
            return;
        }
        if ("deployment".equals(binding == null ? null : binding.strip())) {
            if (!inFiles.test(name)) {
                findings.add(Finding.at(resource, node, attribute + " names the " + kind + " '" + name
                        + "' with binding 'deployment', so it must be published with this model, and it is not among "
                        + "the files; add it, or use binding 'latest'"));
            }
            return;
        }
        if (!inFiles.test(name) && !isDeployed.test(name)) {
            findings.add(
                    Finding.at(resource, node,
                            attribute + " names the " + kind + " '" + name
                                    + "', which is neither among these files nor " + "deployed; " + (kind.equals("form")
                                            ? "add the form (the 'id' in its JSON)" : "add the " + kind + " (its id)")
                                    + " or correct the reference"));
        }
    }

}
