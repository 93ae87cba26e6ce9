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
            for (ModelXml.Node task : BpmnTree.descendants(process)) {
                if (BpmnTree.isBpmn(task) && task.localName.equals("userTask")) {
                    userTask(resource, task, shipped, findings);
                }
            }
        }
        return findings;
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
        List<String> missing = new ArrayList<>();
        for (String event : LISTENER_EVENTS) {
            boolean called = BpmnTree.taskListeners(task)
                .stream()
                .anyMatch(l -> event.equals(l.plainAttribute("event")) && callsListener(l));
            if (!called) {
                missing.add(event);
            }
        }
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
                    (fourEyes == null ? "has no property fourEyes" : "sets fourEyes = '" + fourEyes + "'") + " on a "
                            + step + " step; four eyes are checked on this step in the shipped process (nobody "
                            + "approves their own change), so fourEyes must be 'true'"));
        }
    }

    private static boolean callsListener(ModelXml.Node listener) {
        String expression = listener.plainAttribute("delegateExpression");
        if (expression == null) {
            expression = listener.attribute(ModelPolicy.EXTENSION_NS, "delegateExpression");
        }
        return expression != null && expression.replaceAll("\\s", "").equals("${" + LISTENER + "}");
    }

}
