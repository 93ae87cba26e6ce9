package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchChange;
import io.patchflow.risk.RiskAssessment;
import io.patchflow.risk.RiskAssessmentService;

/**
 * Risk assessment through the decision tables; sets the routing variables of the next
 * approval round.
 */
@ModelDelegate(
        summary = "Assesses the change's risk with the decision tables of change-risk.dmn: stores the "
                + "assessment, sets risk level, change type, backup flag and SLA deadline on the change, "
                + "and moves a normal or emergency change to AWAITING_APPROVAL. Starts a new approval "
                + "round: writes the routing the tables chose and sets the CAB tally to 0.",
        reads = { @Var(name = PatchChange.VAR_APPROVAL_ROUND,
                means = "The round so far; absent before the first assessment.") },
        writes = {
                @Var(name = PatchChange.VAR_APPROVAL_ROUND,
                        means = "Integer: 1 at the first assessment, then one more at each."),
                @Var(name = PatchChange.VAR_RISK_LEVEL, means = "LOW, MEDIUM, HIGH or CRITICAL; for information."),
                @Var(name = PatchChange.VAR_CHANGE_TYPE,
                        means = "STANDARD, NORMAL or EMERGENCY: which approval route the change takes."),
                @Var(name = PatchChange.VAR_BACKUP_REQUIRED,
                        means = "Boolean: backups must be verified before deployment."),
                @Var(name = PatchChange.VAR_REVIEW_GROUP,
                        means = "Group id of the technical review; null when the tables name none."),
                @Var(name = PatchChange.VAR_CAB_GROUP, means = "Group id of the CAB; null when the tables name none."),
                @Var(name = PatchChange.VAR_CAB_SEATS, means = "Integer: how many CAB members vote."),
                @Var(name = PatchChange.VAR_CAB_QUORUM, means = "Integer: how many approvals approve the change."),
                @Var(name = PatchChange.VAR_EMERGENCY_GROUP,
                        means = "Group id of the emergency approvers; null when the tables name none."),
                @Var(name = PatchChange.VAR_APPROVAL_DEADLINE,
                        means = "ISO 8601 duration each approval task of the round has, such as PT2H or P1D."),
                @Var(name = PatchChange.VAR_CAB_APPROVALS, means = "0: the new round's tally starts empty."),
                @Var(name = PatchChange.VAR_CAB_REJECTIONS, means = "0: the new round's tally starts empty."),
                @Var(name = PatchChange.VAR_CAB_INFO_REQUESTS, means = "0: the new round's tally starts empty."),
                @Var(name = PatchChange.VAR_PATCH_TYPE,
                        means = "The riskiest patch type of the change (FIRMWARE, SECURITY, MAINTENANCE, APPLICATION), for models "
                                + "to route on.") })
@Component("assessRiskDelegate")
class AssessRiskDelegate implements JavaDelegate {

    private final RiskAssessmentService risk;

    AssessRiskDelegate(RiskAssessmentService risk) {
        this.risk = risk;
    }

    @Override
    public void execute(DelegateExecution execution) {
        RiskAssessment assessment = risk.assess(Executions.changeId(execution));
        RiskAssessment.Result result = assessment.result();
        Integer round = (Integer) execution.getVariable(PatchChange.VAR_APPROVAL_ROUND);
        execution.setVariable(PatchChange.VAR_APPROVAL_ROUND, round == null ? 1 : round + 1);
        execution.setVariable(PatchChange.VAR_RISK_LEVEL, result.riskLevel().name());
        execution.setVariable(PatchChange.VAR_CHANGE_TYPE, result.changeType().name());
        execution.setVariable(PatchChange.VAR_BACKUP_REQUIRED, result.backupRequired());
        execution.setVariable(PatchChange.VAR_REVIEW_GROUP, result.reviewGroup());
        execution.setVariable(PatchChange.VAR_CAB_GROUP, result.cabGroup());
        execution.setVariable(PatchChange.VAR_CAB_SEATS, result.cabSeats());
        execution.setVariable(PatchChange.VAR_CAB_QUORUM, result.cabQuorum());
        execution.setVariable(PatchChange.VAR_EMERGENCY_GROUP, result.emergencyGroup());
        execution.setVariable(PatchChange.VAR_APPROVAL_DEADLINE, result.approvalDeadline());
        execution.setVariable(PatchChange.VAR_PATCH_TYPE, assessment.facts().patchType());
        // Each approval round starts with an empty CAB tally.
        execution.setVariable(PatchChange.VAR_CAB_APPROVALS, 0);
        execution.setVariable(PatchChange.VAR_CAB_REJECTIONS, 0);
        execution.setVariable(PatchChange.VAR_CAB_INFO_REQUESTS, 0);
    }

}
