package io.patchflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.junit.jupiter.api.Test;

import io.patchflow.risk.DecisionTables.Evaluation;
import io.patchflow.testsupport.RepositoryFiles;

/**
 * The evaluation the deployed tables and a draft share: tables in order, outputs handed
 * on, results cached by the variables a table may read; and the canonical text that tells
 * a draft's unchanged table from a changed one.
 */
class DecisionTableEvaluatorTest {

    static final String SHIPPED = read();

    @Test
    void aTableIsEvaluatedOnceForTheVariablesItReadsWhateverTheOthers() {
        DecisionTableEvaluator evaluator = new DecisionTableEvaluator(100);
        DecisionTableEvaluator.Table riskLevel = tables(evaluator, SHIPPED).get("risk-level");

        Map<String, Evaluation> first = evaluate(riskLevel, evaluator,
                Map.of("riskScore", 60, "knownExploited", false, "maxCvss", 9.0));
        Map<String, Evaluation> otherFacts = evaluate(riskLevel, evaluator,
                Map.of("riskScore", 60, "knownExploited", false, "maxCvss", 7.5));
        Map<String, Evaluation> otherScore = evaluate(riskLevel, evaluator,
                Map.of("riskScore", 95, "knownExploited", false, "maxCvss", 7.5));

        assertThat(first.get("risk-level").result()).containsEntry("riskLevel", "HIGH");
        assertThat(otherFacts.get("risk-level")).isSameAs(first.get("risk-level"));
        assertThat(otherScore.get("risk-level").result()).containsEntry("riskLevel", "CRITICAL");
        assertThat(evaluator.cacheCounts()).containsExactly(1, 2);
    }

    @Test
    void theOutputsOfATableAreTheVariablesOfTheNext() {
        DecisionTableEvaluator evaluator = new DecisionTableEvaluator(100);
        Map<String, DecisionTableEvaluator.Table> tables = tables(evaluator, SHIPPED);
        Map<String, Object> facts = new HashMap<>(Map.of("knownExploited", true, "knownRansomware", false, "maxCvss",
                9.8, "internetFacing", false, "maxCriticality", "LOW", "minDowntimeTolerance", "MEDIUM", "patchType",
                "SECURITY", "rebootRequired", false, "assetCount", 1, "backupAllChanges", false));
        facts.put("emergencyRequested", false);

        Map<String, Evaluation> result = DecisionTableEvaluator.evaluateInOrder(
                List.of("risk-score", "risk-level", "change-type"), facts,
                key -> new DecisionTableEvaluator.Source(tables.get(key), evaluator));

        assertThat(result.get("risk-score").result()).containsEntry("riskScore", 95);
        assertThat(result.get("change-type").result()).containsEntry("changeType", "EMERGENCY");
        assertThat(result.get("change-type").firedRules()).extracting(r -> r.ruleId())
            .containsExactly("Rule_change_type_2");
    }

    @Test
    void theSameDecisionWrittenOtherwiseHasTheSameText() {
        String rewritten = SHIPPED.replace("xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\"",
                "xmlns:d=\"https://www.omg.org/spec/DMN/20191111/MODEL/\" xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\"")
            .replace("<decision id=\"risk-level\" name=\"Risk level\"",
                    "<d:decision name=\"Risk level\" id=\"risk-level\"")
            .replace("</decisionTable>\n  </decision>\n  <decision id=\"change-type\"",
                    "</decisionTable>\n  </d:decision>\n  <decision id=\"change-type\"")
            .replace("<rule id=\"Rule_risk_level_1\">", "<rule id=\"Rule_risk_level_1\">\n\n   ");
        assertThat(rewritten).contains("<d:decision").contains("</d:decision>");

        assertThat(DecisionText.of(model(rewritten), "risk-level"))
            .isEqualTo(DecisionText.of(model(SHIPPED), "risk-level"))
            .isNotNull();
    }

    @Test
    void aChangedEntryOrAnnotationChangesTheText() {
        String threshold = SHIPPED.replace("<text>&gt;= 90</text>", "<text>&gt;= 80</text>");
        String note = SHIPPED.replace("<description>Score 90 or more</description>",
                "<description>Score 90 and above</description>");

        String shipped = DecisionText.of(model(SHIPPED), "risk-level");
        assertThat(DecisionText.of(model(threshold), "risk-level")).isNotEqualTo(shipped);
        assertThat(DecisionText.of(model(note), "risk-level")).isNotEqualTo(shipped);
        assertThat(DecisionText.of(model(threshold), "risk-score"))
            .isEqualTo(DecisionText.of(model(SHIPPED), "risk-score"));
        assertThat(DecisionText.of(model(SHIPPED), "no-such-decision")).isNull();
    }

    private static Map<String, Evaluation> evaluate(DecisionTableEvaluator.Table table,
            DecisionTableEvaluator evaluator, Map<String, Object> variables) {
        return DecisionTableEvaluator.evaluateInOrder(List.of(table.key()), variables,
                key -> new DecisionTableEvaluator.Source(table, evaluator));
    }

    private static Map<String, DecisionTableEvaluator.Table> tables(DecisionTableEvaluator evaluator, String dmn) {
        return evaluator.parseAll(DecisionTableEvaluator.withoutRequirements(model(dmn)), "test");
    }

    private static DmnModelInstance model(String dmn) {
        return Dmn.readModelFromStream(new ByteArrayInputStream(dmn.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static String read() {
        try {
            return Files.readString(RepositoryFiles.path("bpmn", "change-risk.dmn"));
        }
        catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
