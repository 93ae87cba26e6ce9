package io.patchflow.risk;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.change.Assessments;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeRepository;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeStatus;
import io.patchflow.change.ChangeType;
import io.patchflow.change.RiskAssessment;
import io.patchflow.change.RiskLevel;
import io.patchflow.security.Actor;
import io.patchflow.shared.NotFoundException;

/**
 * Turns a change's facts into its risk level, change type, backup requirement and approval route,
 * using the decision tables in bpmn/change-risk.dmn, and records what it decided and why.
 */
@Service
public class RiskAssessmentService {

    public static final String DECISION_RISK_LEVEL = "risk-level";
    public static final String DECISION_CHANGE_TYPE = "change-type";
    public static final String DECISION_BACKUP = "backup-requirement";
    public static final String DECISION_ROUTING = "approval-routing";

    private final ChangeRepository changes;
    private final Assessments assessments;
    private final RiskFactsQuery facts;
    private final DecisionPort decisions;
    private final AuditTrail audit;
    private final ChangeLifecycle lifecycle;

    RiskAssessmentService(ChangeRepository changes, Assessments assessments, RiskFactsQuery facts, DecisionPort decisions,
                          AuditTrail audit, ChangeLifecycle lifecycle) {
        this.changes = changes;
        this.assessments = assessments;
        this.facts = facts;
        this.decisions = decisions;
        this.audit = audit;
        this.lifecycle = lifecycle;
    }

    @Transactional
    public RiskAssessment assess(ChangeId id) {
        ChangeRequest change = changes.find(id).orElseThrow(() -> new NotFoundException("no change " + id));
        RiskAssessment.Facts f = facts.factsOf(change);
        Map<String, Object> inputs = inputs(f);
        RiskAssessment.Result result = new RiskAssessment.Result(
                RiskLevel.valueOf(text(decisions.evaluate(DECISION_RISK_LEVEL, inputs), "riskLevel")),
                ChangeType.valueOf(text(decisions.evaluate(DECISION_CHANGE_TYPE, inputs), "changeType")),
                Boolean.TRUE.equals(decisions.evaluate(DECISION_BACKUP, inputs).get("backupRequired")),
                null, null, 0, 0, null, null);
        Map<String, Object> route = decisions.evaluate(DECISION_ROUTING, inputs);
        result = new RiskAssessment.Result(result.riskLevel(), result.changeType(), result.backupRequired(),
                blankToNull(route.get("reviewGroup")), blankToNull(route.get("cabGroup")), number(route.get("cabSeats")),
                number(route.get("cabQuorum")), blankToNull(route.get("emergencyGroup")), text(route, "approvalDeadline"));
        RiskAssessment assessment = new RiskAssessment(OffsetDateTime.now(ZoneOffset.UTC), f, result);
        assessments.insert(id, assessment);
        changes.setClassification(id, result.riskLevel(), result.changeType(), result.backupRequired());
        audit.record(change.customerId(), id.value(), Actor.SYSTEM_NAME, "RISK_ASSESSED", explain(f, result));
        if (result.changeType() != ChangeType.STANDARD) {
            lifecycle.moveTo(id, ChangeStatus.AWAITING_APPROVAL, Actor.SYSTEM_NAME,
                    result.changeType().name().toLowerCase() + " change: waiting for approval");
        }
        return assessment;
    }

    static Map<String, Object> inputs(RiskAssessment.Facts f) {
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("maxCvss", f.maxCvss() == null ? null : f.maxCvss().doubleValue());
        inputs.put("knownExploited", f.knownExploited());
        inputs.put("maxCriticality", f.maxCriticality());
        inputs.put("internetFacing", f.internetFacing());
        inputs.put("patchType", f.patchType());
        inputs.put("rebootRequired", f.rebootRequired());
        inputs.put("assetCount", f.assetCount());
        inputs.put("emergencyRequested", f.emergencyRequested());
        return inputs;
    }

    static String explain(RiskAssessment.Facts f, RiskAssessment.Result r) {
        return "risk " + r.riskLevel() + ", " + r.changeType() + " change"
                + (r.backupRequired() ? ", backup required" : ", no backup required")
                + " — facts: max CVSS " + (f.maxCvss() == null ? "none" : f.maxCvss())
                + (f.knownExploited() ? ", known exploited" : "")
                + ", highest asset criticality " + f.maxCriticality()
                + (f.internetFacing() ? ", internet-facing assets" : ", internal assets only")
                + ", patch type " + f.patchType()
                + (f.rebootRequired() ? ", reboot required" : "")
                + ", " + f.assetCount() + " asset(s)"
                + (f.emergencyRequested() ? ", emergency requested" : "");
    }

    private static String text(Map<String, Object> result, String key) {
        Object value = result.get(key);
        if (value == null) {
            throw new IllegalStateException("decision result has no " + key + ": " + result);
        }
        return value.toString();
    }

    private static String blankToNull(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    private static int number(Object value) {
        return value == null ? 0 : ((Number) value).intValue();
    }
}
