package io.patchflow.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.springframework.stereotype.Component;

import io.patchflow.approval.ApprovalService;
import io.patchflow.approval.ApprovalStep;
import io.patchflow.approval.CabTally;
import io.patchflow.change.ChangeId;
import io.patchflow.inbox.FormValidator;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchChange;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;

/**
 * Runs inside the engine whenever a person completes a task, whichever client completed
 * it (our inbox, the REST API, Camunda Tasklist): checks who it is, the submission
 * against the task's form (the same {@link FormValidator} the inbox uses), the four-eyes
 * rule where the model asks for it ({@code fourEyes=true}) and the decision's value, then
 * records the decision. A refusal rolls the completion back.
 * <p>
 * When a task is created it empties its form's fields. A decision variable lives on after
 * its task (the gateways read it), so without this the second round's review would find
 * the first round's question and take it for its own: a rejection "with a reason" that no
 * one gave this time, or that reason recorded for the next decision.
 */
@ModelDelegate(
        summary = "A person's decision on a user task, whichever client completes it; register it on the "
                + "task's create and complete events. On create it empties the fields of the task's form, "
                + "so that a later round does not find an earlier answer. On complete it checks that a "
                + "signed-in person completes the task, the answers against the form, the four-eyes rule "
                + "where fourEyes is true and the decision against decisionValues, then records the "
                + "decision; a refusal rolls the completion back.",
        properties = { @Var(name = PatchChange.PROP_DECISION_STEP,
                means = "Which kind of decision is recorded: TECHNICAL_REVIEW, CAB_VOTE, EMERGENCY_APPROVAL, "
                        + "BLACKOUT_APPROVAL, BACKUP_RESOLUTION, WAVE_GATE, RETROSPECTIVE_REVIEW or "
                        + "IMPLEMENTATION_REVIEW; CAB_VOTE also counts the round's votes; without it the answer "
                        + "goes to the audit trail only."),
                @Var(name = PatchChange.PROP_DECISION_VARIABLE, means = "The form field that holds the decision."),
                @Var(name = PatchChange.PROP_DECISION_VALUES,
                        means = "The values the decision may take, separated by commas."),
                @Var(name = PatchChange.PROP_COMMENT_VARIABLE,
                        means = "The form field that holds the reason, stored with the decision."),
                @Var(name = PatchChange.PROP_FOUR_EYES,
                        means = "true: the requester may not decide, nor may a person vote twice in one CAB round.") },
        reads = {
                @Var(name = "{form field}",
                        means = "Each field of the task's form, on complete: the answers, checked against the form."),
                @Var(name = PatchChange.VAR_APPROVAL_ROUND,
                        means = "The round the decision is recorded in; absent counts as 0.") },
        writes = {
                @Var(name = "{form field}",
                        means = "Each field of the task's form is set to null when the task is created, where it lives "
                                + "(the instance, or a CAB seat's own scope)."),
                @Var(name = PatchChange.VAR_CAB_APPROVALS,
                        means = "CAB_VOTE only: the round's approvals after this vote."),
                @Var(name = PatchChange.VAR_CAB_REJECTIONS,
                        means = "CAB_VOTE only: the round's rejections after this vote."),
                @Var(name = PatchChange.VAR_CAB_INFO_REQUESTS,
                        means = "CAB_VOTE only: the round's requests for information after this vote."),
                @Var(name = "{decisionVariable}By",
                        means = "Every step but CAB_VOTE, when the task has a decisionVariable: the username of the "
                                + "person who completed the task.") })
@Component("recordDecisionListener")
class RecordDecisionListener implements TaskListener {

    private final ApprovalService approvals;

    RecordDecisionListener(ApprovalService approvals) {
        this.approvals = approvals;
    }

    @Override
    public void notify(DelegateTask task) {
        if (EVENTNAME_CREATE.equals(task.getEventName())) {
            // Where each field lives (the CAB seat's own scope, else the instance) stays
            // as it is; only its value from an earlier round goes.
            FormValidator.fieldKeys(form(task)).forEach(key -> task.getExecution().setVariable(key, null));
            return;
        }
        Authentication authentication = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        String user = authentication == null ? null : authentication.getUserId();
        if (user == null) {
            throw new ForbiddenException("tasks of a change are completed by a signed-in person");
        }
        String form = form(task);
        Map<String, Object> submitted = new HashMap<>();
        FormValidator.fieldKeys(form).forEach(key -> submitted.put(key, task.getVariable(key)));
        // What the form asks for these answers, as the inbox checks it: a client that
        // bypasses the inbox gets the same refusal, before anything is recorded.
        Map<String, Object> answers = FormValidator.validate(form, submitted);
        Map<String, String> properties = ModelProperties.of((BaseElement) task.getBpmnModelElementInstance());
        String decisionVariable = properties.get(PatchChange.PROP_DECISION_VARIABLE);
        Object decision = decisionVariable == null ? null : answers.get(decisionVariable);
        String allowed = properties.get(PatchChange.PROP_DECISION_VALUES);
        if (allowed != null && (decision == null || !Arrays.asList(allowed.split(",")).contains(decision.toString()))) {
            throw new InvalidInputException(decisionVariable, decisionVariable + " must be one of " + allowed);
        }
        String commentVariable = properties.get(PatchChange.PROP_COMMENT_VARIABLE);
        Object comment = commentVariable == null ? null : answers.get(commentVariable);
        String step = properties.get(PatchChange.PROP_DECISION_STEP);
        ChangeId change = ChangeId.parse(task.getExecution().getProcessBusinessKey());
        CabTally tally = approvals.decide(change, round(task), step == null ? null : ApprovalStep.valueOf(step),
                "true".equals(properties.get(PatchChange.PROP_FOUR_EYES)), user, task.getName(),
                decision == null ? null : decision.toString(), comment == null ? null : comment.toString(),
                task.getId());
        if (ApprovalStep.CAB_VOTE.name().equals(step)) {
            task.getExecution().setVariable(PatchChange.VAR_CAB_APPROVALS, tally.approvals());
            task.getExecution().setVariable(PatchChange.VAR_CAB_REJECTIONS, tally.rejections());
            task.getExecution().setVariable(PatchChange.VAR_CAB_INFO_REQUESTS, tally.infoRequests());
        }
        else if (decisionVariable != null) {
            // Who decided, for the steps that act on the decision (waiver, rollback).
            task.getExecution().setVariable(PatchChange.decidedBy(decisionVariable), user);
        }
    }

    private static String form(DelegateTask task) {
        try (InputStream form = task.getProcessEngineServices().getFormService().getDeployedTaskForm(task.getId())) {
            return new String(form.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the form of task " + task.getId(), e);
        }
    }

    private static int round(DelegateTask task) {
        Object round = task.getVariable(PatchChange.VAR_APPROVAL_ROUND);
        return round == null ? 0 : (Integer) round;
    }

}
