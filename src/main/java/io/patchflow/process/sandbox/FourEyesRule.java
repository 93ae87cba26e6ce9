package io.patchflow.process.sandbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.patchflow.approval.ApprovalStep;
import io.patchflow.process.model.PatchChange;

/**
 * Four eyes on every approval stays in the model (ADR 0049). An approval task is a user
 * task with the property {@code decisionStep}; {@code RecordDecisionListener} records its
 * decision and checks the four-eyes rule, but only if the task calls it on {@code create}
 * and {@code complete}, only if the step is an {@link ApprovalStep} (any other name
 * throws when a person completes the task), and only if {@code fourEyes} is exactly
 * {@code true} (anything else turns the check off).
 */
final class FourEyesRule {

    static final String LISTENER = "recordDecisionListener";

    static final List<String> LISTENER_EVENTS = List.of("create", "complete");

    /**
     * The steps the shipped process decides without the four-eyes rule: a halted rollout
     * and the review of an implementation are operational decisions of a change manager,
     * who may have requested the change. Every other step keeps it.
     */
    static final Set<ApprovalStep> FOUR_EYES_OPTIONAL = EnumSet.of(ApprovalStep.WAVE_GATE,
            ApprovalStep.IMPLEMENTATION_REVIEW);

    /**
     * The approval tasks of the shipped patch-change process: while a task of that id is
     * in the process, it stays the same step (without the property, the task would record
     * nothing and check no one).
     */
    static final Map<String, ApprovalStep> SHIPPED_STEPS = Map.of(PatchChange.TASK_APPROVE_EMERGENCY,
            ApprovalStep.EMERGENCY_APPROVAL, PatchChange.TASK_REVIEW_TECHNICALLY, ApprovalStep.TECHNICAL_REVIEW,
            PatchChange.TASK_APPROVE_CHANGE, ApprovalStep.CAB_VOTE, PatchChange.TASK_APPROVE_BLACKOUT_DEPLOYMENT,
            ApprovalStep.BLACKOUT_APPROVAL, PatchChange.TASK_RESOLVE_BACKUP_FAILURE, ApprovalStep.BACKUP_RESOLUTION,
            PatchChange.TASK_DECIDE_WAVE_GATE, ApprovalStep.WAVE_GATE, PatchChange.TASK_REVIEW_RETROSPECTIVELY,
            ApprovalStep.RETROSPECTIVE_REVIEW, PatchChange.TASK_REVIEW_IMPLEMENTATION,
            ApprovalStep.IMPLEMENTATION_REVIEW);

    private static final Set<String> STEPS = Arrays.stream(ApprovalStep.values())
        .map(Enum::name)
        .collect(Collectors.toUnmodifiableSet());

    private FourEyesRule() {
    }

    static List<Finding> check(String resource, ModelXml.Node definitions) {
        List<Finding> findings = new ArrayList<>();
        for (ModelXml.Node process : BpmnTree.executableProcesses(definitions)) {
            boolean shipped = PatchChange.PROCESS_KEY.equals(process.attribute("id"));
            for (ModelXml.Node node : BpmnTree.descendants(process)) {
                if (BpmnTree.isBpmn(node) && node.localName.equals("userTask")) {
                    userTask(resource, node, shipped, findings);
                }
                for (ModelXml.Node property : BpmnTree.camundaPropertyElements(node)) {
                    namespacedAttributes(resource, property, findings);
                }
            }
        }
        return findings;
    }

    /**
     * The engine's model API reads a property's plain {@code name} and {@code value} only
     * ({@code ModelProperties}): {@code camunda:value="true"} is no value to it, so a
     * {@code fourEyes} written that way is off when a person decides.
     */
    private static void namespacedAttributes(String resource, ModelXml.Node property, List<Finding> findings) {
        for (ModelXml.Attribute attribute : property.attributes) {
            if (attribute.namespace() != null && !attribute.namespace().isEmpty()) {
                String name = property.plainAttribute("name");
                findings.add(Finding.at(resource, property,
                        "has a camunda:property" + (name == null ? "" : " '" + name + "'") + " with the attribute "
                                + attribute.qName() + ", which the engine ignores: it reads only the plain name "
                                + "and value, so write " + attribute.localName() + "=\"" + attribute.value()
                                + "\" without a prefix"));
            }
        }
    }

    private static void userTask(String resource, ModelXml.Node task, boolean inShippedProcess,
            List<Finding> findings) {
        Map<String, String> properties = BpmnTree.camundaProperties(task);
        String step = properties.get(PatchChange.PROP_DECISION_STEP);
        ApprovalStep shippedStep = inShippedProcess ? SHIPPED_STEPS.get(task.attribute("id")) : null;
        if (shippedStep != null && !shippedStep.name().equals(step)) {
            findings.add(Finding.at(resource, task,
                    "is the " + shippedStep + " approval of the shipped process and "
                            + "must keep the property decisionStep = " + shippedStep
                            + (step == null ? "" : " (it has " + step + ")")
                            + ": without it the decision is not recorded and four eyes are not checked"));
        }
        if (step == null) {
            return;
        }
        if (!STEPS.contains(step)) {
            findings.add(Finding.at(resource, task,
                    "has decisionStep = '" + step + "', which is none of "
                            + String.join(", ", STEPS.stream().sorted().toList())
                            + "; completing the task would fail for every change"));
        }
        for (ModelXml.Node listener : BpmnTree.taskListeners(task)) {
            String why = namesListener(listener) ? whyNotCalled(listener) : null;
            if (why != null) {
                findings.add(Finding.at(resource, listener,
                        "has a task listener on " + listener.plainAttribute("event") + " that names ${" + LISTENER
                                + "}, but the engine does not call it: " + why + "; write it as camunda:taskListener "
                                + "delegateExpression=\"${" + LISTENER + "}\" and nothing else"));
            }
        }
        List<String> missing = LISTENER_EVENTS.stream().filter(event -> !listensOn(task, event)).toList();
        if (!missing.isEmpty()) {
            findings.add(Finding.at(resource, task,
                    "is an approval step (decisionStep = " + step + ") but does not call ${" + LISTENER
                            + "} as a task listener on " + String.join(" and ", missing)
                            + "; without it the decision is not recorded and four eyes are "
                            + "not checked, so add camunda:taskListener delegateExpression=\"${" + LISTENER
                            + "}\" event=\"" + String.join("\" and event=\"", missing) + "\""));
        }
        String fourEyes = properties.get(PatchChange.PROP_FOUR_EYES);
        if (STEPS.contains(step) && !FOUR_EYES_OPTIONAL.contains(ApprovalStep.valueOf(step))
                && !"true".equals(fourEyes)) {
            findings.add(Finding.at(resource, task,
                    (fourEyes != null ? "sets fourEyes = '" + fourEyes + "'"
                            : properties.containsKey(PatchChange.PROP_FOUR_EYES)
                                    ? "has the property fourEyes without a plain value the engine reads"
                                    : "has no property fourEyes")
                            + " on a " + step
                            + " step; four eyes are checked on this step in the shipped process (nobody "
                            + "approves their own change), so fourEyes must be 'true'"));
        }
    }

    /**
     * Whether the engine runs {@code ${recordDecisionListener}} for this listener. Its
     * parser ({@code BpmnParse.parseTaskListener}) reads the plain attributes only and
     * takes {@code class}, then {@code expression}, then {@code delegateExpression}, then
     * a {@code camunda:script} child: a listener counts only if its plain
     * {@code delegateExpression} names the listener and it has nothing else that could
     * run instead or be mistaken for it.
     */
    static boolean callsListener(ModelXml.Node listener) {
        return whyNotCalled(listener) == null && isRecordDecision(listener.plainAttribute("delegateExpression"));
    }

    /** Why the engine would not run a listener that names recordDecisionListener. */
    private static String whyNotCalled(ModelXml.Node listener) {
        for (ModelXml.Attribute attribute : listener.attributes) {
            boolean plain = attribute.namespace() == null || attribute.namespace().isEmpty();
            String local = attribute.localName();
            if (plain && local.equals("class")) {
                return "it also has class=\"" + attribute.value() + "\", which the engine runs instead";
            }
            if (plain && local.equals("expression")) {
                return "it also has expression=\"" + attribute.value()
                        + "\", which the engine runs instead (it takes class, then expression, then delegateExpression)";
            }
            if (!plain && (local.equals("delegateExpression") || local.equals("class") || local.equals("expression"))) {
                return "its attribute " + attribute.qName() + " has a prefix, and the engine reads only the plain "
                        + local;
            }
        }
        if (listener.children.stream().anyMatch(c -> c.localName.equals("script"))) {
            return "it has a script, which is not the listener";
        }
        return null;
    }

    private static boolean isRecordDecision(String expression) {
        return expression != null && expression.replaceAll("\\s", "").equals("${" + LISTENER + "}");
    }

    private static boolean namesListener(ModelXml.Node listener) {
        return listener.attributes.stream().anyMatch(a -> a.value().contains(LISTENER));
    }

    /**
     * A user task the four-eyes check runs on: an approval step with the listener on
     * create and complete and {@code fourEyes} exactly true, as the engine reads them.
     */
    static boolean isFourEyesApproval(ModelXml.Node task) {
        if (!BpmnTree.isBpmn(task) || !task.localName.equals("userTask")) {
            return false;
        }
        Map<String, String> properties = BpmnTree.camundaProperties(task);
        String step = properties.get(PatchChange.PROP_DECISION_STEP);
        return step != null && STEPS.contains(step) && "true".equals(properties.get(PatchChange.PROP_FOUR_EYES))
                && LISTENER_EVENTS.stream().allMatch(event -> listensOn(task, event));
    }

    private static boolean listensOn(ModelXml.Node task, String event) {
        return BpmnTree.taskListeners(task)
            .stream()
            .anyMatch(l -> event.equals(l.plainAttribute("event")) && callsListener(l));
    }

}
