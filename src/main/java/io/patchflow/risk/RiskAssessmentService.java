package io.patchflow.risk;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeStatus;
import io.patchflow.change.ChangeType;
import io.patchflow.change.RiskLevel;
import io.patchflow.policy.CustomerPolicy;
import io.patchflow.policy.Policies;
import io.patchflow.policy.SlaBand;
import io.patchflow.security.Actor;

/**
 * Turns a change's facts into its risk score and level, change type, backup requirement,
 * approval route and SLA deadline, using the decision tables in bpmn/change-risk.dmn, and
 * records what it decided and why.
 */
@Service
public class RiskAssessmentService {

    public static final String DECISION_RISK_SCORE = "risk-score";

    public static final String DECISION_RISK_LEVEL = "risk-level";

    public static final String DECISION_CHANGE_TYPE = "change-type";

    public static final String DECISION_BACKUP = "backup-requirement";

    public static final String DECISION_ROUTING = "approval-routing";

    public static final String DECISION_SLA = "sla-deadline";

    /** Evaluated in this order; the page lists the rules in the same order. */
    static final List<String> DECISIONS = List.of(DECISION_RISK_SCORE, DECISION_RISK_LEVEL, DECISION_CHANGE_TYPE,
            DECISION_BACKUP, DECISION_ROUTING, DECISION_SLA);

    private final AssessmentRepository assessments;

    private final RiskFactsRepository facts;

    private final DecisionTables decisions;

    private final Policies policies;

    private final AuditTrail audit;

    private final ChangeLifecycle lifecycle;

    RiskAssessmentService(AssessmentRepository assessments, RiskFactsRepository facts, DecisionTables decisions,
            Policies policies, AuditTrail audit, ChangeLifecycle lifecycle) {
        this.assessments = assessments;
        this.facts = facts;
        this.decisions = decisions;
        this.policies = policies;
        this.audit = audit;
        this.lifecycle = lifecycle;
    }

    @Transactional
    public RiskAssessment assess(ChangeId id) {
        ChangeRequest change = lifecycle.get(id);
        CustomerPolicy policy = policies.policy(change.customerId());
        RiskAssessment.Facts f = facts.factsOf(change, policy);
        RiskAssessment assessment = evaluate(f, policy, lifecycle.slaClockStart(id));
        RiskAssessment.Result result = assessment.result();
        assessments.insert(id, assessment);
        lifecycle.classify(id, result.riskLevel(), result.changeType(), result.backupRequired(), result.slaBand(),
                result.slaDueAt());
        audit.record(change.customerId(), id.value(), Actor.SYSTEM_NAME, "RISK_ASSESSED", explain(f, result));
        if (result.changeType() != ChangeType.STANDARD) {
            lifecycle.moveTo(id, ChangeStatus.AWAITING_APPROVAL, Actor.SYSTEM_NAME,
                    result.changeType().name().toLowerCase() + " change: waiting for approval");
        }
        return assessment;
    }

    /** The change's latest assessment: facts, results and every rule that fired. */
    @Transactional(readOnly = true)
    public Optional<RiskAssessment> latest(ChangeId id) {
        return assessments.latest(id);
    }

    /**
     * What the decision tables would make of a proposal's assets and patches if it became
     * a change whose SLA clock started at {@code clockStart}. Nothing is stored.
     */
    @Transactional(readOnly = true)
    public RiskAssessment estimateProposal(long proposalId, String customerId, Instant clockStart) {
        CustomerPolicy policy = policies.policy(customerId);
        return evaluate(facts.factsOf(RiskFactsRepository.Scope.ofProposal(proposalId), false, policy), policy,
                clockStart);
    }

    private RiskAssessment evaluate(RiskAssessment.Facts f, CustomerPolicy policy, Instant clockStart) {
        return evaluate(decisions, f, policy, clockStart);
    }

    /**
     * What these tables make of the facts, with the SLA deadline under this policy for a
     * clock that started at {@code clockStart}: an assessment, an estimate and both sides
     * of the impact preview go through here (ADR 0051).
     * @throws IllegalStateException naming the decision and output, if the tables give an
     * output an assessment cannot use
     */
    static RiskAssessment evaluate(DecisionTables tables, RiskAssessment.Facts f, CustomerPolicy policy,
            Instant clockStart) {
        Map<String, Object> inputs = inputs(f);
        Map<String, Map<String, Object>> results = new HashMap<>();
        List<RiskAssessment.Rule> rules = new ArrayList<>();
        Map<String, DecisionTables.Evaluation> evaluated = tables.evaluateInOrder(DECISIONS, inputs);
        for (String key : DECISIONS) {
            DecisionTables.Evaluation evaluation = evaluated.get(key);
            results.put(key, evaluation.result());
            for (DecisionTables.FiredRule rule : evaluation.firedRules()) {
                Integer points = DECISION_RISK_SCORE.equals(key)
                        ? number(key, "riskScore", rule.outputs().get("riskScore")) : null;
                rules.add(new RiskAssessment.Rule(key, rule.decisionName(), rule.ruleId(), rule.description(), points,
                        outputs(rule.outputs())));
            }
        }
        Map<String, Object> route = results.get(DECISION_ROUTING);
        SlaBand band = named(SlaBand.class, results, DECISION_SLA, "slaBand");
        CustomerPolicy.Deadline deadline = policy.sla().deadline(band, clockStart, f.kevDueDate());
        RiskAssessment.Result result = new RiskAssessment.Result(
                number(DECISION_RISK_SCORE, "riskScore", results.get(DECISION_RISK_SCORE).get("riskScore")),
                named(RiskLevel.class, results, DECISION_RISK_LEVEL, "riskLevel"),
                named(ChangeType.class, results, DECISION_CHANGE_TYPE, "changeType"),
                Boolean.TRUE.equals(results.get(DECISION_BACKUP).get("backupRequired")),
                blankToNull(route.get("reviewGroup")), blankToNull(route.get("cabGroup")),
                number(DECISION_ROUTING, "cabSeats", route.get("cabSeats")),
                number(DECISION_ROUTING, "cabQuorum", route.get("cabQuorum")), blankToNull(route.get("emergencyGroup")),
                text(DECISION_ROUTING, route, "approvalDeadline"), band.name(), deadline.dueAt(), deadline.basis());
        return new RiskAssessment(OffsetDateTime.now(ZoneOffset.UTC), f, result, rules);
    }

    /**
     * The decision tables' inputs; the names are the input expressions of
     * bpmn/change-risk.dmn.
     */
    static Map<String, Object> inputs(RiskAssessment.Facts f) {
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("maxCvss", f.maxCvss() == null ? null : f.maxCvss().doubleValue());
        inputs.put("knownExploited", f.knownExploited());
        inputs.put("knownRansomware", f.knownRansomware());
        inputs.put("maxEpss", f.maxEpss() == null ? null : f.maxEpss().doubleValue());
        inputs.put("maxCriticality", f.maxCriticality());
        inputs.put("internetFacing", f.internetFacing());
        inputs.put("minDowntimeTolerance", f.minDowntimeTolerance());
        inputs.put("patchType", f.patchType());
        inputs.put("rebootRequired", f.rebootRequired());
        inputs.put("assetCount", f.assetCount());
        inputs.put("pastFailureRate", f.pastFailureRate() == null ? null : f.pastFailureRate().doubleValue());
        inputs.put("standardTemplate", f.standardTemplate());
        inputs.put("backupAllChanges", f.backupAllChanges());
        inputs.put("emergencyRequested", f.emergencyRequested());
        return inputs;
    }

    static String explain(RiskAssessment.Facts f, RiskAssessment.Result r) {
        return "risk " + r.riskLevel() + " (score " + r.riskScore() + "), " + r.changeType() + " change"
                + (r.backupRequired() ? ", backup required" : ", no backup required") + ", SLA " + r.slaBand() + " due "
                + r.slaDueAt() + " — facts: max CVSS " + (f.maxCvss() == null ? "none" : f.maxCvss())
                + (f.knownExploited()
                        ? ", known exploited" + (f.kevDueDate() == null ? "" : " (KEV due " + f.kevDueDate() + ")")
                        : "")
                + (f.knownRansomware() ? ", used by ransomware" : "")
                + (f.maxEpss() == null ? "" : ", EPSS " + f.maxEpss()) + ", highest asset criticality "
                + f.maxCriticality() + (f.internetFacing() ? ", internet-facing assets" : ", internal assets only")
                + (f.minDowntimeTolerance() == null ? "" : ", lowest downtime tolerance " + f.minDowntimeTolerance())
                + ", patch type " + f.patchType() + (f.rebootRequired() ? ", reboot required" : "") + ", "
                + f.assetCount() + " asset(s)"
                + (f.pastFailureRate() == null ? ""
                        : ", past failure rate " + f.pastFailureRate() + " of " + f.pastOutcomes())
                + (f.standardTemplate() == null ? "" : ", fits standard template \"" + f.standardTemplate() + "\"")
                + (f.emergencyRequested() ? ", emergency requested" : "");
    }

    private static String outputs(Map<String, Object> outputs) {
        StringBuilder text = new StringBuilder();
        outputs.forEach((name, value) -> {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(name).append(" = ").append(value == null || value.toString().isEmpty() ? "—" : value);
        });
        return text.toString();
    }

    private static String text(String decision, Map<String, Object> result, String key) {
        Object value = result.get(key);
        if (value == null) {
            throw new IllegalStateException("decision " + decision + " gave no " + key + ": " + result);
        }
        return value.toString();
    }

    /** The output as one of the names the code knows, or an error that says which. */
    private static <E extends Enum<E>> E named(Class<E> type, Map<String, Map<String, Object>> results, String decision,
            String key) {
        String value = text(decision, results.get(decision), key);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw new IllegalStateException("decision " + decision + " gave " + key + " = \"" + value
                + "\", which is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
    }

    private static String blankToNull(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    private static Integer number(String decision, String key, Object value) {
        if (value != null && !(value instanceof Number)) {
            throw new IllegalStateException(
                    "decision " + decision + " gave " + key + " = \"" + value + "\", which is not a number");
        }
        return value == null ? 0 : ((Number) value).intValue();
    }

}
