package io.patchflow.process.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Modelling rules in the style of bpmnlint, for the processes the engine runs (ADR 0049):
 * a model that breaks them deploys, and then a change waits forever at a gateway no
 * condition leaves, runs two branches nobody meant to run, or ends where nobody can see
 * why. Each rule is read from the file's own elements and sequence flows (not the
 * {@code incoming}/{@code outgoing} lists, which other tools do not always write). Pools,
 * lanes, data objects and stores, annotations, associations, groups and message flows are
 * not flow nodes and are not judged.
 */
final class BpmnLint {

    private BpmnLint() {
    }

    static List<Finding> check(String resource, ModelXml.Node definitions) {
        List<Finding> findings = new ArrayList<>();
        List<ModelXml.Node> processes = BpmnTree.processes(definitions);
        List<ModelXml.Node> executable = BpmnTree.executableProcesses(definitions);
        if (executable.isEmpty()) {
            ModelXml.Node where = processes.isEmpty() ? definitions : processes.get(0);
            findings.add(Finding.at(resource, where, processes.isEmpty()
                    ? "the file has no process, so there is nothing to run; a collaboration needs a pool with its process"
                    : "the file has no executable process: the engine runs only a process marked isExecutable=\"true\" "
                            + "(\"Executable\" in Camunda Modeler) and ignores the others without a word; mark the process "
                            + "that should run as executable"));
        }
        for (ModelXml.Node process : executable) {
            scope(resource, process, findings);
        }
        return findings;
    }

    /** The rules for one process or sub-process, then for the sub-processes in it. */
    private static void scope(String resource, ModelXml.Node scope, List<Finding> findings) {
        List<ModelXml.Node> nodes = BpmnTree.children(scope, BpmnTree::isFlowNode);
        List<ModelXml.Node> flows = BpmnTree.children(scope,
                c -> BpmnTree.isBpmn(c) && c.localName.equals("sequenceFlow"));
        Map<String, List<ModelXml.Node>> incoming = new HashMap<>();
        Map<String, List<ModelXml.Node>> outgoing = new HashMap<>();
        for (ModelXml.Node flow : flows) {
            String source = flow.plainAttribute("sourceRef");
            String target = flow.plainAttribute("targetRef");
            if (source != null) {
                outgoing.computeIfAbsent(source.strip(), k -> new ArrayList<>()).add(flow);
            }
            if (target != null) {
                incoming.computeIfAbsent(target.strip(), k -> new ArrayList<>()).add(flow);
            }
        }
        String kind = scope.localName.equals("process") ? "process" : "sub-process";
        if (nodes.stream().noneMatch(n -> n.localName.equals("startEvent"))) {
            findings.add(Finding.at(resource, scope,
                    "the " + kind + " has no start event; add one where it begins, so it is clear how it starts"));
        }
        if (nodes.stream().noneMatch(n -> n.localName.equals("endEvent"))) {
            findings.add(Finding.at(resource, scope,
                    "the " + kind + " has no end event; end every path with an end event that says how it ended"));
        }
        for (ModelXml.Node node : nodes) {
            String id = node.attribute("id");
            List<ModelXml.Node> in = id == null ? List.of() : incoming.getOrDefault(id, List.of());
            List<ModelXml.Node> out = id == null ? List.of() : outgoing.getOrDefault(id, List.of());
            label(resource, node, out, findings);
            connected(resource, node, in, out, findings);
            if (BpmnTree.isGateway(node)) {
                gateway(resource, node, out, findings);
            }
            else {
                implicitSplit(resource, node, out, findings);
            }
            if (BpmnTree.NOT_RUN.containsKey(node.localName)) {
                findings.add(Finding.at(resource, node, "is " + BpmnTree.NOT_RUN.get(node.localName)
                        + ", which the engine does not run: it skips the element without a word and the flows "
                        + "to it lead nowhere; use an exclusive, inclusive or parallel gateway or an embedded sub-process"));
            }
            else if (BpmnTree.isSubProcess(node)) {
                scope(resource, node, findings);
            }
        }
    }

    /**
     * label-required: tasks, events, sub-processes and diverging gateways carry a name,
     * the words people see in the inbox, the change's steps and Cockpit.
     */
    private static void label(String resource, ModelXml.Node node, List<ModelXml.Node> out, List<Finding> findings) {
        if (!BpmnTree.name(node).isEmpty()) {
            return;
        }
        String what;
        if (BpmnTree.TASKS.contains(node.localName)) {
            what = "a task needs a name that says what is done, verb and object (\"Review change\")";
        }
        else if (BpmnTree.isSubProcess(node)) {
            what = "a sub-process needs a name that says what happens in it";
        }
        else if (BpmnTree.EVENTS.contains(node.localName)) {
            what = "an event needs a name that says what happened (\"Change submitted\", \"Review overdue\")";
        }
        else if (out.size() > 1 && node.localName.equals("parallelGateway")) {
            what = "a gateway that splits the flow needs a name that says what runs side by side (\"Deploy and notify\")";
        }
        else if (out.size() > 1) {
            what = "a gateway that splits the flow needs a name that says what it decides (\"Approved?\")";
        }
        else {
            return;
        }
        findings.add(Finding.at(resource, node, "has no name: " + what));
    }

    /**
     * no-disconnected and no-dead-ends. Start events, boundary events, event
     * sub-processes, compensation handlers and link catch events are entered without a
     * sequence flow; end events, event sub-processes, compensation handlers and boundary
     * events, link throw events are left without one.
     */
    private static void connected(String resource, ModelXml.Node node, List<ModelXml.Node> in, List<ModelXml.Node> out,
            List<Finding> findings) {
        boolean eventSubProcess = BpmnTree.isEventSubProcess(node);
        boolean compensation = "true".equalsIgnoreCase(node.plainAttribute("isForCompensation"));
        boolean needsIncoming = !eventSubProcess && !compensation && !node.localName.equals("startEvent")
                && !node.localName.equals("boundaryEvent")
                && !(node.localName.equals("intermediateCatchEvent") && BpmnTree.hasChild(node, "linkEventDefinition"));
        boolean needsOutgoing = !eventSubProcess && !compensation && !node.localName.equals("endEvent")
                && !(node.localName.equals("intermediateThrowEvent") && BpmnTree.hasChild(node, "linkEventDefinition"))
                && !(node.localName.equals("boundaryEvent") && BpmnTree.hasChild(node, "compensateEventDefinition"));
        if (needsIncoming && needsOutgoing && in.isEmpty() && out.isEmpty()) {
            findings.add(Finding.at(resource, node,
                    "is not connected: no sequence flow leads to it or away from it; connect it or delete it"));
        }
        else if (needsIncoming && in.isEmpty()) {
            findings.add(Finding.at(resource, node,
                    "is never reached: no sequence flow leads to it; connect it or delete it"));
        }
        else if (needsOutgoing && out.isEmpty()) {
            findings.add(Finding.at(resource, node, "is a dead end: no sequence flow leaves it, so a change would "
                    + "stop here; lead it on, or end the path with an end event"));
        }
    }

    /**
     * conditional-flows and the default flow: every flow leaving a diverging exclusive or
     * inclusive gateway has a condition or is its default flow, and the gateway has a
     * default flow, so a change never waits at a gateway no condition leaves.
     */
    private static void gateway(String resource, ModelXml.Node gateway, List<ModelXml.Node> out,
            List<Finding> findings) {
        if (out.size() < 2
                || !(gateway.localName.equals("exclusiveGateway") || gateway.localName.equals("inclusiveGateway"))) {
            return;
        }
        String defaultFlow = gateway.plainAttribute("default");
        if (defaultFlow == null || defaultFlow.isBlank()) {
            findings.add(Finding.at(resource, gateway, "splits the flow with conditions but has no default flow; mark "
                    + "the flow to take when no condition holds as the default, so a change never gets stuck here"));
        }
        else if (out.stream().noneMatch(f -> defaultFlow.strip().equals(f.attribute("id")))) {
            findings.add(Finding.at(resource, gateway, "names " + defaultFlow
                    + " as its default flow, but that flow does not leave this gateway; choose one of its outgoing flows"));
        }
        for (ModelXml.Node flow : out) {
            boolean isDefault = defaultFlow != null && defaultFlow.strip().equals(flow.attribute("id"));
            boolean conditional = hasCondition(flow);
            if (!isDefault && !conditional) {
                findings.add(Finding.at(resource, flow, "leaves the gateway " + gateway.attribute("id")
                        + " without a condition and is not its default flow; give it a condition or make it the default"));
            }
            if (isDefault && conditional) {
                findings.add(Finding.at(resource, flow, "is the default flow of " + gateway.attribute("id")
                        + " and has a condition, which the engine ignores on a default flow; remove the condition"));
            }
        }
    }

    /**
     * no-implicit-split: an activity or event with several outgoing flows without
     * conditions runs all of them at once, which reads like a choice; a parallel gateway
     * says it.
     */
    private static void implicitSplit(String resource, ModelXml.Node node, List<ModelXml.Node> out,
            List<Finding> findings) {
        String defaultFlow = node.plainAttribute("default");
        long unconditional = out.stream()
            .filter(f -> !hasCondition(f))
            .filter(f -> defaultFlow == null || !defaultFlow.strip().equals(f.attribute("id")))
            .count();
        if (unconditional > 1) {
            findings.add(Finding.at(resource, node, "splits the flow implicitly: " + unconditional
                    + " outgoing flows without conditions all run at once; put a parallel gateway after it if that is "
                    + "meant, or an exclusive gateway with conditions if only one should run"));
        }
    }

    private static boolean hasCondition(ModelXml.Node flow) {
        return BpmnTree.hasChild(flow, "conditionExpression");
    }

}
