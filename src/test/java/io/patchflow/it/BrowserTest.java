package io.patchflow.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * The integration tests that drive the pages in a real browser (Debian's Chromium,
 * headless, offline): one browser per test class, screenshots under
 * {@code target/screenshots/<database>/}, and no errors in the browser's console after
 * any test.
 */
abstract class BrowserTest extends IntegrationTest {

    static final Path SCREENSHOTS = Paths.get("target/screenshots/" + DATABASE);

    static Playwright playwright;

    static Browser browser;

    /**
     * What the pages logged as errors (a CSP violation, a failed script); every test
     * expects none.
     */
    final List<String> consoleErrors = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void launch() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @AfterEach
    void noConsoleErrors() {
        Assertions.assertThat(consoleErrors).as("errors in the browser console").isEmpty();
    }

    /** Signs the user in (password {@code demo}) in a new page of the context. */
    Page signIn(BrowserContext context, String user) {
        return Chromium.signIn(context, api().url(""), user, consoleErrors);
    }

}
