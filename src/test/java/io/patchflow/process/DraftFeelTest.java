package io.patchflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;

import org.camunda.bpm.model.dmn.Dmn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.patchflow.testsupport.RepositoryFiles;

/**
 * What FEEL the impact preview evaluates in a draft nobody has reviewed: what Patchflow's
 * tables use, and nothing that binds, loops or calls a function whose result can outgrow
 * its arguments.
 */
class DraftFeelTest {

    @ParameterizedTest
    @ValueSource(strings = { "-", ">= 90", "[7.0..9.0[", "\"LOW\",\"MEDIUM\"", "not(null)", "not(\"A\", \"B\")",
            "knownExploited", "riskScore + 5", "\"CRITICAL\"", "0", "\"\"", "date(\"2026-01-01\")",
            "date and time(\"2026-01-01T00:00:00\")", "string length(patchType) > 3", "x in (1, 2)", "a and (b or c)",
            "if (maxCvss > 7) then \"HIGH\" else \"LOW\"", "\"decimal(1, 99999999)\"",
            "\"{a: 1} for x in y // comment\"", "count([1, 2, 3]) > 2", "upper case(maxCriticality) = \"LOW\"",
            "\"say \\\"for\\\" x\"", "forecast > 3", "everyone" })
    void whatTheTablesUseIsEvaluated(String feel) {
        assertThat(DraftFeel.problem(feel)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "{a: \"xx\", b: a + a}.b", "for i in 1..10000000 return i",
            "some x in [1] satisfies x > 0", "every x in [1] satisfies x > 0", "function(n) n", "decimal(1, 99999999)",
            "string join([\"a\"], \"b\")", "replace(\"aaaa\", \"a\", \"aaaa\")", "matches(\"aaaa\", \"(a+)+$\")",
            "x and decimal (1, 9)", "decimal /* hidden */ (1, 9)", "`decimal`(1, 9)", "(date)(\"2026-01-01\")",
            "\"open", "round up(1, 99999)", "floor(1.5, 99999999)" })
    void whatCanBuildDataOrRunLongIsNot(String feel) {
        assertThat(DraftFeel.problem(feel)).isNotNull().contains("impact preview");
    }

    @Test
    void anExpressionTooLongOrDeepForTheParsersStackIsNot() {
        String terms = String.join(" + ", java.util.Collections.nCopies(DraftFeel.MAX_OPERATORS + 2, "1"));
        String ands = String.join(" and ", java.util.Collections.nCopies(DraftFeel.MAX_OPERATORS + 2, "true"));
        String nested = "(".repeat(DraftFeel.MAX_NESTING + 1) + "1" + ")".repeat(DraftFeel.MAX_NESTING + 1);
        String list = "[" + String.join(",", java.util.Collections.nCopies(2000, "\"abc\"")) + "]";

        assertThat(DraftFeel.problem(terms)).startsWith("has 101 operators");
        assertThat(DraftFeel.problem(ands)).startsWith("has 101 operators");
        assertThat(DraftFeel.problem(nested)).startsWith("nests brackets 21 deep");
        assertThat(DraftFeel.problem(list)).isNull();
        assertThat(DraftFeel.problem("(".repeat(DraftFeel.MAX_NESTING) + "1" + ")".repeat(DraftFeel.MAX_NESTING)))
            .isNull();
    }

    @Test
    void aRefusedCallNamesTheFunctionAndWhatIsAllowed() {
        assertThat(DraftFeel.problem("x and decimal(1, 99999999)")).startsWith("calls 'decimal'")
            .contains("date and time");
        assertThat(DraftFeel.problem("string join([\"a\"], \"b\")")).startsWith("calls 'string join'");
    }

    @Test
    void theShippedTablesHaveNothingThePreviewRefuses() throws Exception {
        byte[] shipped = Files.readAllBytes(RepositoryFiles.path("bpmn", "change-risk.dmn"));

        assertThat(DraftFeel.problems(Dmn.readModelFromStream(new ByteArrayInputStream(shipped)))).isEmpty();
    }

    @Test
    void aProblemNamesTheElementItIsIn() throws Exception {
        String shipped = Files.readString(RepositoryFiles.path("bpmn", "change-risk.dmn"))
            .replace("<outputEntry id=\"Out_risk_level_1_0\"><text>\"CRITICAL\"</text>",
                    "<outputEntry id=\"Out_risk_level_1_0\"><text>{a: 1}.a</text>");

        assertThat(DraftFeel.problems(Dmn.readModelFromStream(new ByteArrayInputStream(shipped.getBytes()))))
            .singleElement()
            .asString()
            .startsWith("outputEntry Out_risk_level_1_0 builds a context");
    }

}
