package io.patchflow.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationListener;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Evaluates bpmn/change-risk.dmn on the standalone DMN engine, from the raw facts of a change, so that
 * the required decisions run exactly as they do in the process. Every case also checks which rule won:
 * with hit policy FIRST, the right output from the wrong rule would hide a rule that can never fire.
 */
class ChangeRiskDecisionTest {

    private static final Path MODEL = Path.of("bpmn", "change-risk.dmn");

    private static final RuleRecorder RECORDER = new RuleRecorder();
    private static DmnEngine engine;
    private static Map<String, DmnDecision> decisions;

    @BeforeAll
    static void parseModel() throws Exception {
        engine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration()
                .customPostDecisionTableEvaluationListeners(List.of(RECORDER))
                .buildEngine();
        try (InputStream in = Files.newInputStream(MODEL)) {
            decisions = engine.parseDecisions(in).stream()
                    .collect(Collectors.toMap(DmnDecision::getKey, Function.identity()));
        }
    }

    // ---------------------------------------------------------------- risk-level

    static Stream<Case> riskLevelRules() {
        return Stream.of(
                riskLevel("exploited and internet-facing is critical whatever the score",
                        "Rule_risk_level_1", quiet().exploited().internetFacingAsset(), "CRITICAL"),
                riskLevel("CVSS of exactly 9.0 on an internet-facing asset is critical",
                        "Rule_risk_level_2", quiet().cvss(9.0).internetFacingAsset(), "CRITICAL"),
                riskLevel("exploited but not internet-facing is high",
                        "Rule_risk_level_3", quiet().exploited().cvss(2.0), "HIGH"),
                riskLevel("CVSS of exactly 7.0 is high",
                        "Rule_risk_level_4", quiet().cvss(7.0), "HIGH"),
                riskLevel("CVSS of 8.9 on an internet-facing asset stays high, just below critical",
                        "Rule_risk_level_4", quiet().cvss(8.9).internetFacingAsset(), "HIGH"),
                riskLevel("CVSS of 9.8 behind the firewall is high, not critical",
                        "Rule_risk_level_4", quiet().cvss(9.8), "HIGH"),
                riskLevel("critical asset with an unscored patch is high",
                        "Rule_risk_level_5", quiet().criticality("CRITICAL"), "HIGH"),
                riskLevel("firmware with a low score is medium",
                        "Rule_risk_level_6", quiet().patchType("FIRMWARE").cvss(3.0), "MEDIUM"),
                riskLevel("CVSS of exactly 4.0 is medium",
                        "Rule_risk_level_7", quiet().cvss(4.0), "MEDIUM"),
                riskLevel("reboot of an ordinary asset is medium",
                        "Rule_risk_level_8", quiet().reboot(), "MEDIUM"),
                riskLevel("important asset without other risk is medium",
                        "Rule_risk_level_9", quiet().criticality("HIGH"), "MEDIUM"),
                riskLevel("unscored maintenance on an ordinary asset is low",
                        "Rule_risk_level_10", quiet(), "LOW"),
                riskLevel("CVSS of 3.9 on an internet-facing asset is low",
                        "Rule_risk_level_10", quiet().cvss(3.9).internetFacingAsset().criticality("MEDIUM"), "LOW"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("riskLevelRules")
    void riskLevelFollowsExploitationSeverityExposureAndCriticality(Case c) {
        assertMatches(c);
    }

    // ---------------------------------------------------------------- change-type

    static Stream<Case> changeTypeRules() {
        return Stream.of(
                changeType("declared emergency is an emergency even at low risk",
                        "Rule_change_type_1", quiet().emergency(), "EMERGENCY"),
                changeType("critical and exploited is an emergency without being declared one",
                        "Rule_change_type_2", quiet().exploited().internetFacingAsset(), "EMERGENCY"),
                changeType("low-risk security patch on a medium asset without reboot is standard",
                        "Rule_change_type_3", quiet().patchType("SECURITY").cvss(3.5).criticality("MEDIUM"), "STANDARD"),
                changeType("low-risk maintenance on a low asset without reboot is standard",
                        "Rule_change_type_3", quiet(), "STANDARD"),
                changeType("low-risk application update is normal",
                        "Rule_change_type_4", quiet().patchType("APPLICATION"), "NORMAL"),
                changeType("critical but not exploited is normal",
                        "Rule_change_type_4", quiet().cvss(9.8).internetFacingAsset(), "NORMAL"),
                changeType("medium-risk reboot is normal",
                        "Rule_change_type_4", quiet().reboot(), "NORMAL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changeTypeRules")
    void changeTypeFollowsEmergencyRiskAndRoutineness(Case c) {
        assertMatches(c);
    }

    // ---------------------------------------------------------------- backup-requirement

    static Stream<Case> backupRequirementRules() {
        return Stream.of(
                backup("firmware always needs a verified backup",
                        "Rule_backup_requirement_1", quiet().patchType("FIRMWARE"), true),
                backup("high-risk change needs a verified backup",
                        "Rule_backup_requirement_2", quiet().cvss(7.5), true),
                backup("critical-risk change needs a verified backup",
                        "Rule_backup_requirement_2", quiet().exploited().internetFacingAsset(), true),
                backup("important asset at medium risk needs a verified backup",
                        "Rule_backup_requirement_3", quiet().criticality("HIGH"), true),
                backup("low-risk change on an ordinary asset needs no backup",
                        "Rule_backup_requirement_4", quiet(), false),
                backup("medium-risk reboot on an ordinary asset needs no backup",
                        "Rule_backup_requirement_4", quiet().reboot().criticality("MEDIUM"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backupRequirementRules")
    void backupIsRequiredForFirmwareRiskyChangesAndImportantAssets(Case c) {
        assertMatches(c);
    }

    // ---------------------------------------------------------------- approval-routing

    static Stream<Case> approvalRoutingRules() {
        return Stream.of(
                routing("standard change asks nobody",
                        "Rule_approval_routing_1", quiet(), "", "", 0, 0, "", "P1D"),
                routing("emergency goes to a change manager within two hours",
                        "Rule_approval_routing_2", quiet().emergency().cvss(7.5), "", "", 0, 0, "change-manager", "PT2H"),
                routing("normal high-risk change needs two of three CAB members",
                        "Rule_approval_routing_3", quiet().cvss(7.5), "approver", "approver", 3, 2, "", "P1D"),
                routing("normal critical-risk change needs two of three CAB members",
                        "Rule_approval_routing_3", quiet().cvss(9.8).internetFacingAsset(), "approver", "approver", 3, 2, "", "P1D"),
                routing("normal medium-risk change needs one of two CAB members",
                        "Rule_approval_routing_4", quiet().reboot(), "approver", "approver", 2, 1, "", "P2D"),
                routing("normal low-risk change needs one CAB member",
                        "Rule_approval_routing_5", quiet().patchType("APPLICATION"), "approver", "approver", 1, 1, "", "P3D"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("approvalRoutingRules")
    void approvalRoutingFollowsChangeTypeAndRisk(Case c) {
        assertMatches(c);
    }

    // ---------------------------------------------------------------- chained decisions

    @Test
    void routingEvaluatesRiskLevelAndChangeTypeOnTheWay() {
        Evaluation result = evaluate("approval-routing", quiet().exploited().internetFacingAsset());

        assertThat(result.ruleByDecision()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "risk-level", "Rule_risk_level_1",
                "change-type", "Rule_change_type_2",
                "approval-routing", "Rule_approval_routing_2"));
    }

    @Test
    void everyRuleOfEveryDecisionIsHitByAtLeastOneCase() throws Exception {
        Set<String> matched = new TreeSet<>();
        Stream.of(riskLevelRules(), changeTypeRules(), backupRequirementRules(), approvalRoutingRules())
                .flatMap(Function.identity())
                .forEach(c -> matched.addAll(evaluate(c.decision(), c.inputs()).ruleByDecision().values()));

        Set<String> declared = ruleIdsInModel();
        Set<String> neverHit = new TreeSet<>(declared);
        neverHit.removeAll(matched);
        assertThat(declared).as("rules declared in %s", MODEL).isNotEmpty();
        // Names the missing rules directly, rather than diffing two sets of twenty-odd ids.
        assertThat(neverHit).as("rules of %s that no case hits first", MODEL).isEmpty();
        assertThat(matched).isEqualTo(declared);
    }

    // ---------------------------------------------------------------- support

    private static void assertMatches(Case c) {
        Evaluation result = evaluate(c.decision(), c.inputs());

        assertThat(result.ruleByDecision()).containsEntry(c.decision(), c.rule());
        assertThat(result.outputs()).containsExactlyInAnyOrderEntriesOf(c.outputs());
    }

    private static Evaluation evaluate(String decisionKey, Inputs inputs) {
        RECORDER.clear();
        Map<String, Object> outputs = engine.evaluateDecision(decisions.get(decisionKey), inputs.asVariables())
                .getSingleResult().getEntryMap();
        return new Evaluation(outputs, RECORDER.ruleByDecision());
    }

    private static Set<String> ruleIdsInModel() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        NodeList rules = factory.newDocumentBuilder().parse(MODEL.toFile()).getElementsByTagNameNS("*", "rule");
        Set<String> ids = new TreeSet<>();
        for (int i = 0; i < rules.getLength(); i++) {
            ids.add(((Element) rules.item(i)).getAttribute("id"));
        }
        return ids;
    }

    private static Case riskLevel(String description, String rule, Inputs inputs, String level) {
        return new Case(description, "risk-level", rule, inputs, Map.of("riskLevel", level));
    }

    private static Case changeType(String description, String rule, Inputs inputs, String type) {
        return new Case(description, "change-type", rule, inputs, Map.of("changeType", type));
    }

    private static Case backup(String description, String rule, Inputs inputs, boolean required) {
        return new Case(description, "backup-requirement", rule, inputs, Map.of("backupRequired", required));
    }

    private static Case routing(String description, String rule, Inputs inputs, String reviewGroup, String cabGroup,
                                int cabSeats, int cabQuorum, String emergencyGroup, String approvalDeadline) {
        return new Case(description, "approval-routing", rule, inputs, Map.of(
                "reviewGroup", reviewGroup, "cabGroup", cabGroup, "cabSeats", cabSeats, "cabQuorum", cabQuorum,
                "emergencyGroup", emergencyGroup, "approvalDeadline", approvalDeadline));
    }

    /** A maintenance patch on one ordinary, internal asset with no known severity: nothing raises the risk. */
    private static Inputs quiet() {
        return new Inputs(null, false, "LOW", false, "MAINTENANCE", false, 1, false);
    }

    record Inputs(Double maxCvss, boolean knownExploited, String maxCriticality, boolean internetFacing,
                  String patchType, boolean rebootRequired, int assetCount, boolean emergencyRequested) {

        Inputs cvss(double score) {
            return new Inputs(score, knownExploited, maxCriticality, internetFacing, patchType, rebootRequired,
                    assetCount, emergencyRequested);
        }

        Inputs exploited() {
            return new Inputs(maxCvss, true, maxCriticality, internetFacing, patchType, rebootRequired, assetCount,
                    emergencyRequested);
        }

        Inputs criticality(String level) {
            return new Inputs(maxCvss, knownExploited, level, internetFacing, patchType, rebootRequired, assetCount,
                    emergencyRequested);
        }

        Inputs internetFacingAsset() {
            return new Inputs(maxCvss, knownExploited, maxCriticality, true, patchType, rebootRequired, assetCount,
                    emergencyRequested);
        }

        Inputs patchType(String type) {
            return new Inputs(maxCvss, knownExploited, maxCriticality, internetFacing, type, rebootRequired, assetCount,
                    emergencyRequested);
        }

        Inputs reboot() {
            return new Inputs(maxCvss, knownExploited, maxCriticality, internetFacing, patchType, true, assetCount,
                    emergencyRequested);
        }

        Inputs emergency() {
            return new Inputs(maxCvss, knownExploited, maxCriticality, internetFacing, patchType, rebootRequired,
                    assetCount, true);
        }

        Map<String, Object> asVariables() {
            // HashMap, because an unscored patch has a null maxCvss.
            Map<String, Object> variables = new HashMap<>();
            variables.put("maxCvss", maxCvss);
            variables.put("knownExploited", knownExploited);
            variables.put("maxCriticality", maxCriticality);
            variables.put("internetFacing", internetFacing);
            variables.put("patchType", patchType);
            variables.put("rebootRequired", rebootRequired);
            variables.put("assetCount", assetCount);
            variables.put("emergencyRequested", emergencyRequested);
            return variables;
        }
    }

    record Case(String description, String decision, String rule, Inputs inputs, Map<String, Object> outputs) {
        @Override
        public String toString() {
            return description;
        }
    }

    record Evaluation(Map<String, Object> outputs, Map<String, String> ruleByDecision) {
    }

    /** Which rule won in each decision table of one evaluation, including the required decisions. */
    static final class RuleRecorder implements DmnDecisionTableEvaluationListener {

        private final Map<String, String> ruleByDecision = new LinkedHashMap<>();

        @Override
        public void notify(DmnDecisionTableEvaluationEvent event) {
            List<DmnEvaluatedDecisionRule> rules = event.getMatchingRules();
            // Hit policy FIRST leaves at most one matching rule; more would mean the model changed policy.
            assertThat(rules).hasSizeLessThanOrEqualTo(1);
            rules.forEach(rule -> ruleByDecision.put(event.getDecisionTable().getKey(), rule.getId()));
        }

        void clear() {
            ruleByDecision.clear();
        }

        Map<String, String> ruleByDecision() {
            return Map.copyOf(ruleByDecision);
        }
    }
}
