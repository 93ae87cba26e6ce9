package io.patchflow.process.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.patchflow.approval.ApprovalStep;
import io.patchflow.process.model.PatchChange;

/**
 * The route to the approvals stays (ADR 0049). In the {@code patch-change} process, every
 * path from a start event to the start of a deployment passes the recording of an
 * approval, and every path to the recording of an approval passes a four-eyes approval
 * task ({@link FourEyesRule#isFourEyesApproval}) or the pre-approval of a standard
 * change, which only the shipped condition leads to. An approval task is passed by its
 * outgoing flows only: its boundary events leave it undecided.
 * <p>
 * What a path is, as the engine runs it: entering a sub-process leads to its start
 * events, its end events lead on to its outgoing flows, and its boundary events and the
 * start events of its event sub-processes can be reached from anywhere inside it. A token
 * that a non-interrupting boundary event or event sub-process starts runs beside the one
 * that stays; when it reaches an end event (not a terminate end event) the scope goes on
 * only when the other token ends, so that end event leads nowhere on this path. Link
 * events lead to the link catch events of their name, a compensation throw to every
 * compensation handler. Where the engine's behaviour depends on more than the model, the
 * rule takes the path that bypasses.
 * <p>
 * The shipped process stops a rejected or cancelled change at the gateway after the
 * preparation with {@code ${outcome == null}}: the delegates that record a rejection or a
 * cancellation set {@code outcome}. The rule follows this: a path that has just left such
 * a task, and since then passed only gateways and end events, does not take a flow with
 * exactly that condition. So that no model can hide or change the two variables the route
 * decides on, nothing in the process maps them ({@link #ROUTE_VARIABLES}).
 */
final class ApprovalRoute {

    /** The delegates the route knows, by the shipped task that runs each. */
    static final Map<String, String> SHIPPED_DELEGATES = Map.of(PatchChange.TASK_START_DEPLOYMENT,
            "startDeploymentDelegate", PatchChange.TASK_RECORD_APPROVAL, "recordApprovalDelegate",
            PatchChange.TASK_RECORD_PRE_APPROVAL, "preApproveChangeDelegate", PatchChange.TASK_RECORD_REJECTION,
            "rejectChangeDelegate", PatchChange.TASK_RECORD_CANCELLATION, "recordCancellationDelegate");

    static final String DEPLOYMENT = SHIPPED_DELEGATES.get(PatchChange.TASK_START_DEPLOYMENT);

    static final String RECORD_APPROVAL = SHIPPED_DELEGATES.get(PatchChange.TASK_RECORD_APPROVAL);

    static final String PRE_APPROVAL = SHIPPED_DELEGATES.get(PatchChange.TASK_RECORD_PRE_APPROVAL);

    /** The delegates that set {@code outcome}, so that the change is not deployed. */
    static final Set<String> STOPPING = Set.of(SHIPPED_DELEGATES.get(PatchChange.TASK_RECORD_REJECTION),
            SHIPPED_DELEGATES.get(PatchChange.TASK_RECORD_CANCELLATION));

    /** The condition of every flow into the pre-approval, as shipped. */
    static final String PRE_APPROVAL_CONDITION = "${changeType == 'STANDARD'}";

    /** The condition of the flow into the deployment, as shipped. */
    static final String DEPLOYMENT_CONDITION = "${outcome == null}";

    /** The variables the route decides on; no mapping in the process may write them. */
    /**
     * The steps that approve a change: a technical review or an analyst's extra step is
     * not an approval of the change by itself, so a path from them past the CAB is a
     * bypass.
     */
    static final Set<String> GRANTING_STEPS = Set.of(ApprovalStep.CAB_VOTE.name(),
            ApprovalStep.EMERGENCY_APPROVAL.name());

    static boolean grantsApproval(ModelXml.Node node) {
        return FourEyesRule.isFourEyesApproval(node)
                && GRANTING_STEPS.contains(BpmnTree.camundaProperties(node).get(PatchChange.PROP_DECISION_STEP));
    }

    static final Set<String> ROUTE_VARIABLES = Set.of(PatchChange.VAR_OUTCOME, "changeType");

    /** The tasks whose {@code camunda:delegateExpression} the engine runs. */
    private static final Set<String> SERVICE_TASK_LIKE = Set.of("serviceTask", "sendTask", "businessRuleTask");

    /** Gateways that take their outgoing flows whatever their conditions say. */
    private static final Set<String> IGNORE_CONDITIONS = Set.of("parallelGateway", "eventBasedGateway");

    private ApprovalRoute() {
    }

    static List<Finding> check(String resource, ModelXml.Node definitions) {
        List<Finding> findings = new ArrayList<>();
        for (ModelXml.Node process : BpmnTree.executableProcesses(definitions)) {
            if (PatchChange.PROCESS_KEY.equals(process.attribute("id"))) {
                new Route(resource, process, findings).check();
            }
        }
        return findings;
    }

    /**
     * Where a path is: at a node it has just entered, or leaving it by its outgoing
     * flows; what it has passed; and the scope in which it is a token beside another (or
     * null).
     */
    private record State(ModelXml.Node node, boolean leaving, boolean vetted, boolean approved, boolean stopped,
            ModelXml.Node besideIn) {

        State at(ModelXml.Node next) {
            return new State(next, false, vetted, approved, stopped, besideIn);
        }

        State beside(ModelXml.Node scope) {
            return new State(node, leaving, vetted, approved, stopped, scope);
        }

        State notStopped() {
            return new State(node, leaving, vetted, approved, false, besideIn);
        }

    }

    private static final class Route {

        private final String resource;

        private final ModelXml.Node process;

        private final List<Finding> findings;

        private final List<ModelXml.Node> nodes = new ArrayList<>();

        private final Map<String, List<ModelXml.Node>> outgoing = new HashMap<>();

        private final Map<String, List<ModelXml.Node>> boundaries = new HashMap<>();

        /** How a path first got to a state: the breadth-first search's shortest way. */
        private final Map<State, State> back = new HashMap<>();

        Route(String resource, ModelXml.Node process, List<Finding> findings) {
            this.resource = resource;
            this.process = process;
            this.findings = findings;
            for (ModelXml.Node node : BpmnTree.descendants(process)) {
                if (BpmnTree.isFlowNode(node)) {
                    nodes.add(node);
                    String attached = node.plainAttribute("attachedToRef");
                    if (node.localName.equals("boundaryEvent") && attached != null) {
                        boundaries.computeIfAbsent(attached, k -> new ArrayList<>()).add(node);
                    }
                }
                else if (BpmnTree.isBpmn(node) && node.localName.equals("sequenceFlow")) {
                    outgoing.computeIfAbsent(node.plainAttribute("sourceRef"), k -> new ArrayList<>()).add(node);
                }
            }
        }

        void check() {
            routeVariables();
            delegatesOutsideTheirTasks();
            preApprovalConditions();
            paths();
        }

        /**
         * A mapping that writes changeType or outcome decides the route instead of it.
         */
        private void routeVariables() {
            for (ModelXml.Node node : BpmnTree.descendants(process)) {
                if (!ModelValidation.isCamunda(node)) {
                    continue;
                }
                String written = switch (node.localName) {
                    case "inputParameter", "outputParameter" -> node.plainAttribute("name");
                    case "in", "out" -> node.plainAttribute("target");
                    default -> null;
                };
                if (written != null && ROUTE_VARIABLES.contains(written.strip())) {
                    findings.add(Finding.at(resource, node,
                            "writes the variable " + written.strip() + " in a camunda:" + node.localName
                                    + "; the route to the approvals decides on it (" + PRE_APPROVAL_CONDITION + ", "
                                    + DEPLOYMENT_CONDITION + "), so only Patchflow sets it: remove the mapping"));
                }
                if (node.localName.equals("out") && node.plainAttribute("variables") != null) {
                    findings.add(Finding.at(resource, node,
                            "copies every variable of the called process back (camunda:out variables=\""
                                    + node.plainAttribute("variables") + "\"), "
                                    + ROUTE_VARIABLES.stream().sorted().toList()
                                    + " among them, which decide the route to the approvals; name the variables it "
                                    + "returns one by one"));
                }
            }
            for (ModelXml.Node node : BpmnTree.descendants(process)) {
                if (!BpmnTree.isBpmn(node)) {
                    continue;
                }
                for (String attribute : List.of("resultVariable", "resultVariableName", "elementVariable")) {
                    String written = BpmnTree.camundaAttribute(node, attribute);
                    if (written != null && ROUTE_VARIABLES.contains(written.strip())) {
                        findings.add(Finding.at(resource, node,
                                "writes the variable " + written.strip() + " as its camunda:" + attribute
                                        + "; the route to the approvals decides on it, so only Patchflow sets it"));
                    }
                }
            }
        }

        /**
         * The delegates that deploy, record an approval or pre-approve count where a task
         * runs them; anywhere else (a listener, an expression) they would run off the
         * route.
         */
        private void delegatesOutsideTheirTasks() {
            Set<String> granting = Set.of(DEPLOYMENT, RECORD_APPROVAL, PRE_APPROVAL);
            for (ModelXml.Node node : BpmnTree.descendants(process)) {
                for (ModelXml.Attribute attribute : node.attributes) {
                    for (String delegate : granting) {
                        boolean implementation = SERVICE_TASK_LIKE.contains(node.localName) && BpmnTree.isBpmn(node)
                                && attribute.localName().equals("delegateExpression")
                                && ModelPolicy.EXTENSION_NS.contains(attribute.namespace());
                        if (attribute.value().contains(delegate) && !implementation) {
                            findings.add(Finding.at(resource, node,
                                    "names ${" + delegate + "} in " + attribute.qName()
                                            + "; it runs only as a task's camunda:delegateExpression, where the route "
                                            + "to the approvals is checked"));
                        }
                    }
                }
            }
        }

        /** Every flow into a pre-approval keeps the shipped condition, and it is read. */
        private void preApprovalConditions() {
            for (ModelXml.Node node : nodes) {
                if (!runs(node, PRE_APPROVAL)) {
                    continue;
                }
                if ("true".equalsIgnoreCase(node.plainAttribute("isForCompensation"))) {
                    findings.add(Finding.at(resource, node, "pre-approves a change as a compensation handler; "
                            + "only a flow with the condition " + PRE_APPROVAL_CONDITION + " may lead to it"));
                }
                for (List<ModelXml.Node> flows : outgoing.values()) {
                    for (ModelXml.Node flow : flows) {
                        if (node.attribute("id").equals(flow.plainAttribute("targetRef"))
                                && !hasCondition(flow, PRE_APPROVAL_CONDITION)) {
                            findings.add(Finding.at(resource, flow,
                                    "leads to the pre-approval " + node.attribute("id") + " "
                                            + (condition(flow) == null ? "without a condition"
                                                    : "with the condition " + condition(flow))
                                            + "; only a standard change is pre-approved, so the flow must be "
                                            + "a conditional flow with exactly " + PRE_APPROVAL_CONDITION
                                            + ", not a default flow and not after a parallel or event-based gateway"));
                        }
                    }
                }
            }
        }

        private void paths() {
            Deque<State> open = new ArrayDeque<>();
            Set<State> seen = new HashSet<>();
            for (ModelXml.Node start : BpmnTree.children(process,
                    c -> BpmnTree.isBpmn(c) && c.localName.equals("startEvent"))) {
                State first = new State(start, false, false, false, false, null);
                seen.add(first);
                open.add(first);
            }
            Map<String, Finding> found = new LinkedHashMap<>();
            while (!open.isEmpty()) {
                State state = open.poll();
                for (State next : next(state, found)) {
                    if (seen.add(next)) {
                        open.add(next);
                    }
                }
            }
            findings.addAll(found.values());
        }

        private List<State> next(State state, Map<String, Finding> found) {
            List<State> next = new ArrayList<>();
            ModelXml.Node node = state.node();
            if (state.leaving()) {
                for (ModelXml.Node flow : outgoing.getOrDefault(node.attribute("id"), List.of())) {
                    ModelXml.Node target = node(flow.plainAttribute("targetRef"));
                    if (target != null && !(state.stopped() && hasCondition(flow, DEPLOYMENT_CONDITION))) {
                        add(next, state, state.at(target));
                    }
                }
                return next;
            }
            State here = BpmnTree.isGateway(node) || node.localName.equals("endEvent") ? state : state.notStopped();
            String id = node.attribute("id");
            if (runs(node, DEPLOYMENT) && !here.approved()) {
                found.putIfAbsent(DEPLOYMENT + id,
                        Finding.at(resource, node,
                                "starts a deployment on a path that records no approval (" + RECORD_APPROVAL + "): "
                                        + path(state) + "; every path to a deployment must pass "
                                        + PatchChange.TASK_RECORD_APPROVAL));
            }
            if (runs(node, RECORD_APPROVAL) && !here.vetted()) {
                found.putIfAbsent(RECORD_APPROVAL + id, Finding.at(resource, node,
                        "records an approval on a path without a four-eyes CAB vote or emergency approval, or the "
                                + "pre-approval: " + path(state)
                                + "; every path to it must pass an approval task (decisionStep, "
                                + "${recordDecisionListener} on create and complete, fourEyes = true) by its "
                                + "outgoing flows, or " + PatchChange.TASK_RECORD_PRE_APPROVAL));
            }
            // what can happen while a token is here: the events of the scopes around it
            for (ModelXml.Node scope = BpmnTree.scopeOf(node); scope != null; scope = BpmnTree.scopeOf(scope)) {
                for (ModelXml.Node inner : BpmnTree.children(scope, BpmnTree::isEventSubProcess)) {
                    for (ModelXml.Node start : starts(inner)) {
                        boolean interrupting = !"false".equalsIgnoreCase(start.plainAttribute("isInterrupting"));
                        add(next, state, here.at(start).notStopped().beside(interrupting ? null : inner));
                    }
                }
                if (BpmnTree.isSubProcess(scope)) {
                    boundaryEvents(next, state, here, scope);
                }
            }
            boundaryEvents(next, state, here, node);
            if (BpmnTree.isSubProcess(node)) {
                for (ModelXml.Node start : starts(node)) {
                    add(next, state, here.at(start));
                }
            }
            else if (node.localName.equals("endEvent")) {
                end(next, state, here);
            }
            else if (!(node.localName.equals("intermediateThrowEvent") && throwsLink(node, next, state, here))) {
                if (node.localName.equals("intermediateThrowEvent")
                        && hasDefinition(node, "compensateEventDefinition")) {
                    compensate(next, state, here);
                }
                add(next, state, leave(here, node));
            }
            return next;
        }

        private void boundaryEvents(List<State> next, State from, State here, ModelXml.Node attachedTo) {
            ModelXml.Node scope = BpmnTree.scopeOf(attachedTo);
            for (ModelXml.Node boundary : boundaries.getOrDefault(attachedTo.attribute("id"), List.of())) {
                boolean interrupting = !"false".equalsIgnoreCase(boundary.plainAttribute("cancelActivity"));
                ModelXml.Node beside = here.besideIn();
                if (!interrupting) {
                    beside = scope;
                }
                else if (beside != null && (beside == attachedTo || within(beside, attachedTo))) {
                    beside = null;
                }
                add(next, from, here.at(boundary).notStopped().beside(beside));
            }
        }

        private void end(List<State> next, State from, State here) {
            ModelXml.Node node = here.node();
            ModelXml.Node scope = BpmnTree.scopeOf(node);
            boolean terminate = hasDefinition(node, "terminateEventDefinition");
            if (!terminate && here.besideIn() == scope) {
                return;
            }
            if (hasDefinition(node, "compensateEventDefinition")) {
                compensate(next, from, here);
            }
            ModelXml.Node beside = here.besideIn() == scope ? null : here.besideIn();
            // an event sub-process that ends ends the scope it interrupted (a
            // non-interrupting one gets here only by a terminate end event)
            while (scope != null && BpmnTree.isEventSubProcess(scope)) {
                scope = BpmnTree.scopeOf(scope);
                beside = beside == scope ? null : beside;
            }
            if (scope != null && scope != process) {
                add(next, from, new State(scope, true, here.vetted(), here.approved(), here.stopped(), beside));
            }
        }

        /** A link throw event goes on at the link catch events of its name. */
        private boolean throwsLink(ModelXml.Node node, List<State> next, State from, State here) {
            String name = linkName(node);
            if (name == null) {
                return false;
            }
            for (ModelXml.Node other : nodes) {
                if (other.localName.equals("intermediateCatchEvent") && name.equals(linkName(other))) {
                    add(next, from, here.at(other));
                }
            }
            return true;
        }

        private void compensate(List<State> next, State from, State here) {
            for (ModelXml.Node handler : nodes) {
                if ("true".equalsIgnoreCase(handler.plainAttribute("isForCompensation"))) {
                    add(next, from, here.at(handler).notStopped());
                }
            }
        }

        private State leave(State here, ModelXml.Node node) {
            boolean vetted = here.vetted() || grantsApproval(node) || runs(node, PRE_APPROVAL);
            boolean approved = here.approved() || runs(node, RECORD_APPROVAL);
            boolean stopped = here.stopped() || STOPPING.stream().anyMatch(d -> runs(node, d));
            return new State(node, true, vetted, approved, stopped, here.besideIn());
        }

        private void add(List<State> next, State from, State state) {
            next.add(state);
            back.putIfAbsent(state, from);
        }

        /** The element ids from a start event to here, the shortest way found. */
        private String path(State state) {
            List<String> ids = new ArrayList<>();
            Set<State> walked = new HashSet<>();
            for (State s = state; s != null && walked.add(s); s = back.get(s)) {
                String id = s.node().attribute("id");
                if (ids.isEmpty() || !ids.get(0).equals(id)) {
                    ids.add(0, id);
                }
            }
            return String.join(" → ", ids);
        }

        private ModelXml.Node node(String id) {
            return nodes.stream().filter(n -> id != null && id.equals(n.attribute("id"))).findFirst().orElse(null);
        }

        private boolean hasCondition(ModelXml.Node flow, String expected) {
            String condition = condition(flow);
            ModelXml.Node source = node(flow.plainAttribute("sourceRef"));
            boolean isDefault = source != null && flow.attribute("id").equals(source.plainAttribute("default"));
            return condition != null && condition.equals(expected) && !isDefault && source != null
                    && !IGNORE_CONDITIONS.contains(source.localName);
        }

    }

    private static String condition(ModelXml.Node flow) {
        return flow.children.stream()
            .filter(c -> BpmnTree.isBpmn(c) && c.localName.equals("conditionExpression"))
            .map(c -> c.text.toString().strip())
            .findFirst()
            .orElse(null);
    }

    private static List<ModelXml.Node> starts(ModelXml.Node scope) {
        return BpmnTree.children(scope, c -> BpmnTree.isBpmn(c) && c.localName.equals("startEvent"));
    }

    private static boolean hasDefinition(ModelXml.Node event, String definition) {
        return BpmnTree.hasChild(event, definition);
    }

    private static String linkName(ModelXml.Node event) {
        return event.children.stream()
            .filter(c -> BpmnTree.isBpmn(c) && c.localName.equals("linkEventDefinition"))
            .map(c -> c.plainAttribute("name"))
            .findFirst()
            .orElse(null);
    }

    private static boolean within(ModelXml.Node node, ModelXml.Node scope) {
        for (ModelXml.Node n = node.parent; n != null; n = n.parent) {
            if (n == scope) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a task runs this delegate as the engine reads it ({@code
     * BpmnParse.parseServiceTaskLike}): its {@code camunda:delegateExpression}, with no
     * {@code camunda:type} or {@code camunda:class} that the engine would take first
     * (nor, on a business rule task, a {@code camunda:decisionRef}).
     */
    static boolean runs(ModelXml.Node node, String delegate) {
        if (!BpmnTree.isBpmn(node) || !SERVICE_TASK_LIKE.contains(node.localName)
                || BpmnTree.camundaAttribute(node, "decisionRef") != null) {
            return false;
        }
        String expression = BpmnTree.camundaAttribute(node, "delegateExpression");
        String className = BpmnTree.camundaAttribute(node, "class");
        return expression != null && expression.replaceAll("\\s", "").equals("${" + delegate + "}")
                && BpmnTree.camundaAttribute(node, "type") == null && (className == null || className.isBlank());
    }

}
