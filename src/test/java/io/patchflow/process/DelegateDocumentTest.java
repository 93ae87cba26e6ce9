package io.patchflow.process;

import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * docs/delegates.md shows the delegate catalogue as it is: its generated part equals what
 * DelegateDocument makes of the running application's catalogue (the allow-list and each
 * entry's {@code @ModelDelegate}). Run with {@code -Ddelegates.document.write=true} to
 * rewrite it.
 */
@SpringBootTest
@ActiveProfiles("test")
class DelegateDocumentTest {

    @Autowired
    DelegateCatalogueAdapter catalogue;

    @Test
    void theDocumentIsTheCatalogue() {
        String current = DelegateDocument.read();
        String generated = DelegateDocument.render(current, catalogue);
        if (Boolean.getBoolean("delegates.document.write")) {
            DelegateDocument.write(generated);
            current = DelegateDocument.read();
        }
        if (!current.equals(generated)) {
            fail("docs/delegates.md differs from the delegate catalogue (" + firstDifference(current, generated)
                    + "). Change the @ModelDelegate of the delegate, not the generated text; then regenerate with\n    "
                    + DelegateDocument.REGENERATE);
        }
    }

    private static String firstDifference(String current, String generated) {
        String[] a = current.split("\n", -1);
        String[] b = generated.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String was = i < a.length ? a[i] : "(end of file)";
            String expected = i < b.length ? b[i] : "(end of file)";
            if (!was.equals(expected)) {
                return "line " + (i + 1) + " is\n    " + was + "\nbut the catalogue makes it\n    " + expected + "\n";
            }
        }
        return "no line differs";
    }

}
