package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.process.model.PatchChange;
import io.patchflow.risk.RiskAssessment;
import io.patchflow.risk.RiskAssessmentService;

/**
 * Risk assessment through the decision tables; sets the routing variables of the next
 * approval round.
 */
@Component("assessRiskDelegate")
class AssessRiskDelegate implements JavaDelegate {

    private final RiskAssessmentService risk;

    AssessRiskDelegate(RiskAssessmentService risk) {
        this.risk = risk;
    }

    @Override
    public void execute(DelegateExecution execution) {
        RiskAssessment.Result result = risk.assess(Executions.changeId(execution)).result();
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
        // Each approval round starts with an empty CAB tally.
        execution.setVariable(PatchChange.VAR_CAB_APPROVALS, 0);
        execution.setVariable(PatchChange.VAR_CAB_REJECTIONS, 0);
        execution.setVariable(PatchChange.VAR_CAB_INFO_REQUESTS, 0);
    }

}
