package io.patchflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/**
 * docs/process.md shows the models as they are: its generated tables equal what
 * ProcessDocument makes of bpmn/ and forms/ now. Run with
 * {@code -Dprocess.document.write=true} to rewrite them.
 */
class ProcessDocumentTest {

    @Test
    void theDocumentsTablesAreTheModelsTables() {
        String current = ProcessDocument.read();
        String generated = ProcessDocument.render(current);
        if (Boolean.getBoolean("process.document.write")) {
            ProcessDocument.write(generated);
            current = ProcessDocument.read();
        }
        if (!current.equals(generated)) {
            fail("docs/process.md differs from the models (" + firstDifference(current, generated) + "). "
                    + "Change the model, its documentation or the contract, not the generated tables; then regenerate with\n    "
                    + ProcessDocument.REGENERATE);
        }
    }

    @Test
    void everyFlowNodeAndMessageSaysWhatItDoes() {
        assertThat(ProcessDocument.undocumented())
            .as("elements without <bpmn:documentation>; the generated docs/process.md shows it as what each one does")
            .isEmpty();
    }

    private static String firstDifference(String current, String generated) {
        String[] a = current.split("\n", -1);
        String[] b = generated.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String was = i < a.length ? a[i] : "(end of file)";
            String expected = i < b.length ? b[i] : "(end of file)";
            if (!was.equals(expected)) {
                return "line " + (i + 1) + " is\n    " + was + "\nbut the models make it\n    " + expected + "\n";
            }
        }
        return "no line differs";
    }

}
