package io.patchflow.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;

/**
 * The server under a context path, as behind a proxy that gives Patchflow a path of its
 * own: the walkthrough's first two steps in the browser. Every address the pages and
 * their scripts use must carry the context path; the task page's script posts the
 * decision and follows the server's answer back to the inbox.
 * <p>
 * A server of its own (the shared one of {@link IntegrationTest} runs at the root) on an
 * in-memory H2 database of its own, with its own engine name and without the Camunda
 * webapps, so that it leaves the shared server as it found it when it stops. It runs in
 * Failsafe's H2 run only: the context path is the web layer's business, not the
 * database's, and each start of a second server costs about 15 seconds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "server.address=127.0.0.1", "server.servlet.context-path=" + ContextPathBrowserIT.CONTEXT_PATH,
                "spring.datasource.url=jdbc:h2:mem:patchflow-context-path;DB_CLOSE_DELAY=-1",
                "camunda.bpm.generate-unique-process-engine-name=true",
                // The Camunda webapps keep their Spring context in a static field
                // (LazyInitRegistration): a second server
                // with them would leave the shared server's webapps bound to this one's
                // context once it has stopped.
                "camunda.bpm.webapp.enabled=false",
                // a throwaway server: no graceful wait for the simulated agents' long
                // polls when it stops (13 s saved)
                "server.shutdown=immediate" })
@ActiveProfiles({ "demo", "it" })
@DirtiesContext // stop this second server when the class is done, rather than leave it
                // running beside the shared one
class ContextPathBrowserIT {

    static final String CONTEXT_PATH = "/patchflow";

    @LocalServerPort
    int port;

    static Playwright playwright;
    static Browser browser;

    final List<String> consoleErrors = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void launch() {
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
        // a script that posts to /tasks/... without the context path gets a 404, which
        // the browser logs here
        org.assertj.core.api.Assertions.assertThat(consoleErrors).as("errors in the browser console").isEmpty();
    }

    private String base() {
        return "http://127.0.0.1:" + port + CONTEXT_PATH;
    }

    @Test
    void underAContextPathTheRequesterSubmitsAndTheApproverDecidesInTheBrowser() {
        String change;
        try (BrowserContext context = browser.newContext()) {
            Page page = Chromium.signIn(context, base(), "alice", consoleErrors);
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New change")).click();
            page.waitForURL(base() + "/changes/new");
            Chromium.assertUsable(page, CONTEXT_PATH + "/changes/new=page");
            page.locator("#title").fill("Git CVE-2025-48384 under a context path");
            page.getByText("git: arbitrary file write on clone").click();
            page.locator("#asset-acme-app-01").check();
            page.locator("#submit-change").click();
            page.waitForURL(base() + "/changes/CHG-*");
            change = page.url().substring(page.url().lastIndexOf('/') + 1);
        }

        try (BrowserContext context = browser.newContext()) {
            Page page = Chromium.signIn(context, base(), "bob", consoleErrors);
            Locator review = page.locator("#inbox-tasks tr", new Page.LocatorOptions().setHasText(change + " "))
                .locator("a.task-link", new Locator.LocatorOptions().setHasText("Review change technically"));
            // the review appears once the engine's job executor has assessed the change
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                if (review.count() > 0) {
                    return true;
                }
                page.reload();
                return false;
            });
            review.click();
            page.waitForURL(base() + "/tasks/**");
            page.getByLabel("Approve", new Page.GetByLabelOptions().setExact(true)).check();
            Chromium.assertUsable(page, CONTEXT_PATH + "/inbox=true");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit")).click();
            page.waitForURL(base() + "/inbox");
            assertThat(page.locator("#form-error")).hasCount(0);
            assertThat(page.locator("#inbox-tasks tr", new Page.LocatorOptions().setHasText(change + " "))
                .locator("a.task-link", new Locator.LocatorOptions().setHasText("Review change technically")))
                .hasCount(0);
        }
    }

}
