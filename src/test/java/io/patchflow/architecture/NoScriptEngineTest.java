package io.patchflow.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import javax.script.ScriptEngineFactory;
import javax.script.ScriptEngineManager;

import org.junit.jupiter.api.Test;

/**
 * No general-purpose script engine (JavaScript, Groovy, Python, ...) is on the classpath.
 * The only JSR-223 factories are the expression languages the engine needs (JUEL for
 * ${...}, FEEL for DMN), which register themselves as script engines; the process engine
 * itself is configured to resolve none of them (see ModelSafetyTest).
 */
class NoScriptEngineTest {

    @Test
    void theOnlyScriptEnginesAreTheEnginesExpressionLanguages() {
        assertThat(new ScriptEngineManager().getEngineFactories()).extracting(ScriptEngineFactory::getEngineName)
            .containsExactlyInAnyOrder("juel", "feel-scala", "feel-scala-unary-tests");
        for (String language : new String[] { "javascript", "js", "graal.js", "groovy", "python", "jython", "ruby",
                "nashorn" }) {
            assertThat(new ScriptEngineManager().getEngineByName(language)).as(language).isNull();
        }
    }

}
