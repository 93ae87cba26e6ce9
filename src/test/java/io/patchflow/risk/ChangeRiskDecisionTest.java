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
 * Evaluates bpmn/change-risk.dmn on the standalone DMN engine, from the raw facts of a
 * change, so that the required decisions run exactly as they do in the process. Every
 * case also checks which rule won (or, in the collect-sum risk-score table, which rules
 * added points): with hit policy FIRST, the right output from the wrong rule would hide a
 * rule that can never fire.
 */
class ChangeRiskDecisionTest {

    private static final Path MODEL = io.patchflow.testsupport.RepositoryFiles.path("bpmn", "change-risk.dmn");

    private static final RuleRecorder RECORDER = new RuleRecorder();

    private static DmnEngine engine;

    private static Map<String, DmnDecision> decisions;

    @BeforeAll
    static void parseModel() throws Exception {
        engine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration()
            .customPostDecisionTableEvaluationListeners(List.of(RECORDER))
            .buildEngine();
        try (InputStream in = Files.newInputStream(MODEL)) {
            decisions = engine.parseDecisions(in)
                .stream()
                .collect(Collectors.toMap(DmnDecision::getKey, Function.identity()));
        }
    }

    // ---------------------------------------------------------------- risk-score

    static Stream<Case> riskScoreRules() {
        return Stream.of(score("a quiet change scores only the zero baseline", "Rule_risk_score_1", quiet(), 0),
                score("known exploited adds 40", "Rule_risk_score_2", quiet().exploited(), 40),
                score("ransomware use adds 10", "Rule_risk_score_3", quiet().ransomware(), 10),
                score("CVSS of exactly 9.0 adds 55", "Rule_risk_score_4", quiet().cvss(9.0), 55),
                score("CVSS of 8.9 adds 35", "Rule_risk_score_5", quiet().cvss(8.9), 35),
                score("CVSS of exactly 7.0 adds 35", "Rule_risk_score_5", quiet().cvss(7.0), 35),
                score("CVSS of 6.9 adds 20", "Rule_risk_score_6", quiet().cvss(6.9), 20),
                score("CVSS of exactly 4.0 adds 20", "Rule_risk_score_6", quiet().cvss(4.0), 20),
                score("CVSS of 3.9 adds 5", "Rule_risk_score_7", quiet().cvss(3.9), 5),
                score("EPSS of exactly 0.5 adds 15", "Rule_risk_score_8", quiet().epss(0.5), 15),
                score("EPSS of exactly 0.1 adds 5", "Rule_risk_score_9", quiet().epss(0.1), 5),
                score("EPSS of 0.09 adds nothing", "Rule_risk_score_1", quiet().epss(0.09), 0),
                score("internet-facing adds 15", "Rule_risk_score_10", quiet().internetFacingAsset(), 15),
                score("a critical asset adds 20", "Rule_risk_score_11", quiet().criticality("CRITICAL"), 20),
                score("an important asset adds 10", "Rule_risk_score_12", quiet().criticality("HIGH"), 10),
                score("a medium asset adds 5", "Rule_risk_score_13", quiet().criticality("MEDIUM"), 5),
                score("no downtime tolerance adds 10", "Rule_risk_score_14", quiet().downtime("NONE"), 10),
                score("low downtime tolerance adds 5", "Rule_risk_score_15", quiet().downtime("LOW"), 5),
                score("high downtime tolerance adds nothing", "Rule_risk_score_1", quiet().downtime("HIGH"), 0),
                score("firmware adds 15", "Rule_risk_score_16", quiet().patchType("FIRMWARE"), 15),
                score("an application update adds 5", "Rule_risk_score_17", quiet().patchType("APPLICATION"), 5),
                score("a reboot adds 5", "Rule_risk_score_18", quiet().reboot(), 5),
                score("101 assets add 10", "Rule_risk_score_19", quiet().assets(101), 10),
                score("100 assets add 5", "Rule_risk_score_20", quiet().assets(100), 5),
                score("21 assets add 5", "Rule_risk_score_20", quiet().assets(21), 5),
                score("20 assets add nothing", "Rule_risk_score_1", quiet().assets(20), 0),
                score("a past failure rate of exactly 20% adds 20", "Rule_risk_score_21", quiet().failureRate(0.2), 20),
                score("a past failure rate of exactly 5% adds 10", "Rule_risk_score_22", quiet().failureRate(0.05), 10),
                score("a past failure rate of 4.9% adds nothing", "Rule_risk_score_1", quiet().failureRate(0.049), 0),
                score("the factors add up: exploited, CVSS 9.8, EPSS 0.94, internet-facing, important asset",
                        "Rule_risk_score_2",
                        quiet().exploited().cvss(9.8).epss(0.94).internetFacingAsset().criticality("HIGH"), 135));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("riskScoreRules")
    void riskScoreAddsThePointsOfEveryMatchingFactor(Case c) {
        Evaluation result = evaluate(c.decision(), c.inputs());

        assertThat(result.rulesByDecision().get(c.decision())).contains(c.rule(), "Rule_risk_score_1");
        assertThat(((Number) result.outputs().get("riskScore")).intValue()).isEqualTo(c.outputs().get("riskScore"));
    }

    @Test
    void aQuietChangeMatchesNothingButTheBaseline() {
        assertThat(evaluate("risk-score", quiet()).rulesByDecision().get("risk-score"))
            .containsExactly("Rule_risk_score_1");
    }

    // ---------------------------------------------------------------- risk-level

    static Stream<Case> riskLevelRules() {
        return Stream.of(
                riskLevel("exploited with CVSS 9.8 scores 95: critical", "Rule_risk_level_1",
                        quiet().exploited().cvss(9.8), "CRITICAL"),
                riskLevel("exploited high severity on an internet-facing asset scores exactly 90: critical",
                        "Rule_risk_level_1", quiet().exploited().cvss(7.5).internetFacingAsset(), "CRITICAL"),
                riskLevel(
                        "exploited high severity on an important asset scores 85: high by the known-exploited floor first",
                        "Rule_risk_level_2", quiet().exploited().cvss(7.5).criticality("HIGH"), "HIGH"),
                riskLevel("known exploited without a score is never below high", "Rule_risk_level_2",
                        quiet().exploited(), "HIGH"),
                riskLevel("CVSS of exactly 9.0 alone scores 55: high", "Rule_risk_level_3", quiet().cvss(9.0), "HIGH"),
                riskLevel("CVSS 7.0 on an internet-facing asset scores 50: medium", "Rule_risk_level_4",
                        quiet().cvss(7.0).internetFacingAsset(), "MEDIUM"),
                riskLevel("CVSS of exactly 4.0 scores 20: medium", "Rule_risk_level_4", quiet().cvss(4.0), "MEDIUM"),
                riskLevel("unscored maintenance on an ordinary asset scores 0: low", "Rule_risk_level_5", quiet(),
                        "LOW"),
                riskLevel("firmware on an ordinary asset scores 15: low, though it still needs a backup",
                        "Rule_risk_level_5", quiet().patchType("FIRMWARE"), "LOW"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("riskLevelRules")
    void riskLevelFollowsTheScoreWithKnownExploitationAsAFloor(Case c) {
        assertMatches(c);
    }

    // ---------------------------------------------------------------- change-type

    static Stream<Case> changeTypeRules() {
        return Stream.of(
                changeType("declared emergency is an emergency even at low risk", "Rule_change_type_1",
                        quiet().emergency(), "EMERGENCY"),
                changeType("critical and exploited is an emergency without being declared one", "Rule_change_type_2",
                        quiet().exploited().cvss(9.8), "EMERGENCY"),
                changeType("a medium-risk application update that fits a standard template is standard",
                        "Rule_change_type_3", quiet().patchType("APPLICATION").cvss(5.0).template("Monthly updates"),
                        "STANDARD"),
                changeType("a high-risk change is normal even if it fits a standard template", "Rule_change_type_5",
                        quiet().cvss(9.0).template("Monthly updates"), "NORMAL"),
                changeType("low-risk security patch on a medium asset without reboot is standard", "Rule_change_type_4",
                        quiet().patchType("SECURITY").cvss(3.5).criticality("MEDIUM"), "STANDARD"),
                changeType("low-risk maintenance on a low asset without reboot is standard", "Rule_change_type_4",
                        quiet(), "STANDARD"),
                changeType("low-risk application update without a template is normal", "Rule_change_type_5",
                        quiet().patchType("APPLICATION"), "NORMAL"),
                changeType("critical but not exploited is normal", "Rule_change_type_5",
                        quiet().cvss(9.8).internetFacingAsset().criticality("CRITICAL"), "NORMAL"),
                changeType("low-risk reboot is normal", "Rule_change_type_5", quiet().reboot(), "NORMAL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changeTypeRules")
    void changeTypeFollowsEmergencyRiskTemplatesAndRoutineness(Case c) {
        assertMatches(c);
    }

    // ---------------------------------------------------------------- backup-requirement

    static Stream<Case> backupRequirementRules() {
        return Stream.of(
                backup("firmware always needs a verified backup", "Rule_backup_requirement_1",
                        quiet().patchType("FIRMWARE"), true),
                backup("a customer who backs up before every change gets a backup for a quiet one",
                        "Rule_backup_requirement_2", quiet().backupAll(), true),
                backup("high-risk change needs a verified backup", "Rule_backup_requirement_3", quiet().cvss(9.0),
                        true),
                backup("critical-risk change needs a verified backup", "Rule_backup_requirement_3",
                        quiet().exploited().cvss(9.8), true),
                backup("important asset at low risk needs a verified backup", "Rule_backup_requirement_4",
                        quiet().criticality("HIGH"), true),
                backup("an asset that tolerates no downtime needs a verified backup", "Rule_backup_requirement_5",
                        quiet().downtime("NONE"), true),
                backup("low-risk change on an ordinary asset needs no backup", "Rule_backup_requirement_6", quiet(),
                        false),
                backup("medium-risk change on an ordinary asset needs no backup", "Rule_backup_requirement_6",
                        quiet().cvss(5.0).criticality("MEDIUM"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backupRequirementRules")
    void backupIsRequiredForFirmwarePolicyRiskyChangesAndSensitiveAssets(Case c) {
        assertMatches(c);
    }

    // ---------------------------------------------------------------- approval-routing

    static Stream<Case> approvalRoutingRules() {
        return Stream.of(
                routing("standard change asks nobody", "Rule_approval_routing_1", quiet(), "", "", 0, 0, "", "P1D"),
                routing("emergency goes to a change manager within two hours", "Rule_approval_routing_2",
                        quiet().emergency().cvss(7.5), "", "", 0, 0, "change-manager", "PT2H"),
                routing("normal high-risk change needs two of three CAB members", "Rule_approval_routing_3",
                        quiet().cvss(9.0), "approver", "approver", 3, 2, "", "P1D"),
                routing("normal critical-risk change needs two of three CAB members", "Rule_approval_routing_3",
                        quiet().cvss(9.8).internetFacingAsset().criticality("CRITICAL"), "approver", "approver", 3, 2,
                        "", "P1D"),
                routing("normal medium-risk change needs one of two CAB members", "Rule_approval_routing_4",
                        quiet().cvss(7.5), "approver", "approver", 2, 1, "", "P2D"),
                routing("normal low-risk change needs one CAB member", "Rule_approval_routing_5",
                        quiet().patchType("APPLICATION"), "approver", "approver", 1, 1, "", "P3D"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("approvalRoutingRules")
    void approvalRoutingFollowsChangeTypeAndRisk(Case c) {
        assertMatches(c);
    }

    // ---------------------------------------------------------------- sla-deadline

    static Stream<Case> slaDeadlineRules() {
        return Stream.of(
                sla("known exploited gets the known-exploited deadline whatever the score", "Rule_sla_deadline_1",
                        quiet().exploited().cvss(3.0), "KNOWN_EXPLOITED"),
                sla("CVSS of exactly 9.0 is critical", "Rule_sla_deadline_2", quiet().cvss(9.0), "CRITICAL"),
                sla("CVSS of exactly 7.0 is high", "Rule_sla_deadline_3", quiet().cvss(7.0), "HIGH"),
                sla("a medium score with EPSS of exactly 0.5 is high", "Rule_sla_deadline_4",
                        quiet().cvss(5.0).epss(0.5), "HIGH"),
                sla("CVSS of exactly 4.0 is medium", "Rule_sla_deadline_5", quiet().cvss(4.0), "MEDIUM"),
                sla("CVSS of 3.9 is low", "Rule_sla_deadline_6", quiet().cvss(3.9), "LOW"),
                sla("no score is low", "Rule_sla_deadline_6", quiet(), "LOW"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("slaDeadlineRules")
    void slaBandFollowsExploitationSeverityAndEpss(Case c) {
        assertMatches(c);
    }

    // ---------------------------------------------------------------- chained decisions

    @Test
    void routingEvaluatesScoreRiskLevelAndChangeTypeOnTheWay() {
        Evaluation result = evaluate("approval-routing", quiet().exploited().cvss(9.8));

        assertThat(result.rulesByDecision()).containsOnlyKeys("risk-score", "risk-level", "change-type",
                "approval-routing");
        assertThat(result.rulesByDecision().get("risk-score")).containsExactly("Rule_risk_score_1", "Rule_risk_score_2",
                "Rule_risk_score_4");
        assertThat(result.rulesByDecision().get("risk-level")).containsExactly("Rule_risk_level_1");
        assertThat(result.rulesByDecision().get("change-type")).containsExactly("Rule_change_type_2");
        assertThat(result.rulesByDecision().get("approval-routing")).containsExactly("Rule_approval_routing_2");
    }

    @Test
    void everyRuleOfEveryDecisionIsHitByAtLeastOneCase() throws Exception {
        Set<String> matched = new TreeSet<>();
        Stream
            .of(riskScoreRules(), riskLevelRules(), changeTypeRules(), backupRequirementRules(), approvalRoutingRules(),
                    slaDeadlineRules())
            .flatMap(Function.identity())
            .forEach(c -> evaluate(c.decision(), c.inputs()).rulesByDecision().values().forEach(matched::addAll));

        Set<String> declared = ruleIdsInModel();
        Set<String> neverHit = new TreeSet<>(declared);
        neverHit.removeAll(matched);
        assertThat(declared).as("rules declared in %s", MODEL).hasSizeGreaterThan(40);
        // Names the missing rules directly, rather than diffing two sets of forty-odd
        // ids.
        assertThat(neverHit).as("rules of %s that no case hits", MODEL).isEmpty();
        assertThat(matched).isEqualTo(declared);
    }

    @Test
    void everyRuleSaysWhyInItsAnnotation() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        NodeList rules = factory.newDocumentBuilder().parse(MODEL.toFile()).getElementsByTagNameNS("*", "rule");
        for (int i = 0; i < rules.getLength(); i++) {
            Element rule = (Element) rules.item(i);
            NodeList description = rule.getElementsByTagNameNS("*", "description");
            // The change page shows this text next to the rule that fired.
            assertThat(description.getLength()).as("description of %s", rule.getAttribute("id")).isEqualTo(1);
            assertThat(description.item(0).getTextContent()).as("description of %s", rule.getAttribute("id"))
                .isNotBlank();
        }
    }

    // ---------------------------------------------------------------- support

    private static void assertMatches(Case c) {
        Evaluation result = evaluate(c.decision(), c.inputs());

        assertThat(result.rulesByDecision().get(c.decision())).containsExactly(c.rule());
        assertThat(result.outputs()).containsExactlyInAnyOrderEntriesOf(c.outputs());
    }

    private static Evaluation evaluate(String decisionKey, Inputs inputs) {
        RECORDER.clear();
        Map<String, Object> outputs = engine.evaluateDecision(decisions.get(decisionKey), inputs.asVariables())
            .getSingleResult()
            .getEntryMap();
        return new Evaluation(outputs, RECORDER.rulesByDecision());
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

    private static Case score(String description, String rule, Inputs inputs, int points) {
        return new Case(description, "risk-score", rule, inputs, Map.of("riskScore", points));
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

    private static Case sla(String description, String rule, Inputs inputs, String band) {
        return new Case(description, "sla-deadline", rule, inputs, Map.of("slaBand", band));
    }

    private static Case routing(String description, String rule, Inputs inputs, String reviewGroup, String cabGroup,
            int cabSeats, int cabQuorum, String emergencyGroup, String approvalDeadline) {
        return new Case(description, "approval-routing", rule, inputs,
                Map.of("reviewGroup", reviewGroup, "cabGroup", cabGroup, "cabSeats", cabSeats, "cabQuorum", cabQuorum,
                        "emergencyGroup", emergencyGroup, "approvalDeadline", approvalDeadline));
    }

    /**
     * A maintenance patch on one ordinary, internal asset of medium downtime tolerance,
     * with no known severity, no history and no template: nothing raises the risk, the
     * score is zero.
     */
    private static Inputs quiet() {
        return new Inputs(new HashMap<>(Map.of("knownExploited", false, "knownRansomware", false, "maxCriticality",
                "LOW", "internetFacing", false, "minDowntimeTolerance", "MEDIUM", "patchType", "MAINTENANCE",
                "rebootRequired", false, "assetCount", 1, "backupAllChanges", false, "emergencyRequested", false)));
    }

    /**
     * The decision inputs, by the names of the tables' input expressions; absent means
     * null (unknown).
     */
    record Inputs(Map<String, Object> values) {

        private Inputs with(String name, Object value) {
            Map<String, Object> copy = new HashMap<>(values);
            copy.put(name, value);
            return new Inputs(copy);
        }

        Inputs cvss(double score) {
            return with("maxCvss", score);
        }

        Inputs epss(double probability) {
            return with("maxEpss", probability);
        }

        Inputs exploited() {
            return with("knownExploited", true);
        }

        Inputs ransomware() {
            return with("knownRansomware", true);
        }

        Inputs criticality(String level) {
            return with("maxCriticality", level);
        }

        Inputs internetFacingAsset() {
            return with("internetFacing", true);
        }

        Inputs downtime(String tolerance) {
            return with("minDowntimeTolerance", tolerance);
        }

        Inputs patchType(String type) {
            return with("patchType", type);
        }

        Inputs reboot() {
            return with("rebootRequired", true);
        }

        Inputs assets(int count) {
            return with("assetCount", count);
        }

        Inputs failureRate(double rate) {
            return with("pastFailureRate", rate);
        }

        Inputs template(String name) {
            return with("standardTemplate", name);
        }

        Inputs backupAll() {
            return with("backupAllChanges", true);
        }

        Inputs emergency() {
            return with("emergencyRequested", true);
        }

        Map<String, Object> asVariables() {
            // Every input the tables read is present, null where unknown, as
            // RiskAssessmentService passes them.
            Map<String, Object> variables = new HashMap<>();
            for (String name : List.of("maxCvss", "maxEpss", "pastFailureRate", "standardTemplate")) {
                variables.put(name, null);
            }
            variables.putAll(values);
            return variables;
        }
    }

    record Case(String description, String decision, String rule, Inputs inputs, Map<String, Object> outputs) {
        @Override
        public String toString() {
            return description;
        }
    }

    record Evaluation(Map<String, Object> outputs, Map<String, List<String>> rulesByDecision) {
    }

    /**
     * Which rules matched in each decision table of one evaluation, including the
     * required decisions.
     */
    static final class RuleRecorder implements DmnDecisionTableEvaluationListener {

        private final Map<String, List<String>> rulesByDecision = new LinkedHashMap<>();

        @Override
        public void notify(DmnDecisionTableEvaluationEvent event) {
            List<DmnEvaluatedDecisionRule> rules = event.getMatchingRules();
            if (!"risk-score".equals(event.getDecisionTable().getKey())) {
                // Hit policy FIRST leaves at most one matching rule; more would mean the
                // model changed policy.
                assertThat(rules).hasSizeLessThanOrEqualTo(1);
            }
            rulesByDecision.put(event.getDecisionTable().getKey(),
                    rules.stream().map(DmnEvaluatedDecisionRule::getId).toList());
        }

        void clear() {
            rulesByDecision.clear();
        }

        Map<String, List<String>> rulesByDecision() {
            return Map.copyOf(rulesByDecision);
        }

    }

}
