package io.patchflow.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.assertj.core.api.SoftAssertions;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * Debian's Chromium driven by Playwright, headless and offline, for the browser tests:
 * how to start it, how a person signs in, and what every page must give people who use a
 * screen reader or a keyboard.
 */
final class Chromium {

    static final Path EXECUTABLE = Paths.get("/usr/bin/chromium");

    private Chromium() {
    }

    static Playwright playwright() {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IllegalStateException("browser tests need Debian's Chromium at " + EXECUTABLE
                    + ": apt-get install chromium (.ci/run installs it)");
        }
        return Playwright
            .create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    static Browser launch(Playwright playwright) {
        return playwright.chromium()
            .launch(new BrowserType.LaunchOptions().setExecutablePath(EXECUTABLE)
                .setHeadless(true)
                .setChromiumSandbox(false)
                .setArgs(List.of("--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1")));
    }

    /**
     * Signs {@code user} in through the login form at {@code base} (the server's address
     * with its context path) and collects what the page logs as errors into
     * {@code consoleErrors}.
     */
    static Page signIn(BrowserContext context, String base, String user, List<String> consoleErrors) {
        Page page = context.newPage();
        page.onConsoleMessage(message -> {
            // the refused four-eyes decision is an expected 403 response, not a page
            // error
            if ("error".equals(message.type()) && !message.text().contains("403")) {
                consoleErrors.add(page.url() + ": " + message.text());
            }
        });
        page.navigate(base + "/login");
        assertUsable(page);
        page.locator("#username").fill(user);
        page.locator("#password").fill("demo");
        page.locator("#sign-in").click();
        page.waitForURL("**/inbox");
        assertThat(page.locator("#signed-in-user")).hasText(user);
        return page;
    }

    /**
     * What every page owes people who do not see it: the page says its language; every
     * field has a label (a visible one, or aria-label where a visible one makes no
     * sense); errors and notices are announced (role="alert"); headings start at one h1
     * and skip no level going down; and the main navigation marks where one is, in
     * {@code current} as "href=value" (the link of this page "page", the list a change or
     * task belongs to "true").
     */
    static void assertUsable(Page page, String... current) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(page.evaluate("document.documentElement.lang")).as("lang of %s", page.url()).isEqualTo("en");
        soft.assertThat(page.evaluate("""
                Array.from(document.querySelectorAll('input, select, textarea'))
                    .filter(e => e.type !== 'hidden')
                    .filter(e => e.labels.length === 0)
                    .filter(e => !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
                    .map(e => e.outerHTML)"""))
            .as("fields without a label on %s", page.url())
            .asInstanceOf(InstanceOfAssertFactories.LIST)
            .isEmpty();
        soft.assertThat(page.evaluate("""
                Array.from(document.querySelectorAll('.error, .notice'))
                    .filter(e => !e.hidden && e.getAttribute('role') !== 'alert')
                    .map(e => e.outerHTML)"""))
            .as("errors and notices not announced on %s", page.url())
            .asInstanceOf(InstanceOfAssertFactories.LIST)
            .isEmpty();
        List<Integer> levels = ((List<?>) page.evaluate(
                "Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6')).map(h => Number(h.tagName.substring(1)))"))
            .stream()
            .map(l -> ((Number) l).intValue())
            .toList();
        soft.assertThat(levels).as("headings of %s", page.url()).isNotEmpty().first().isEqualTo(1);
        soft.assertThat(levels.stream().filter(l -> l == 1).count()).as("h1 on %s", page.url()).isEqualTo(1);
        for (int i = 1; i < levels.size(); i++) {
            soft.assertThat(levels.get(i))
                .as("heading %d after h%d on %s", i + 1, levels.get(i - 1), page.url())
                .isLessThanOrEqualTo(levels.get(i - 1) + 1);
        }
        soft.assertThat(page.evaluate("""
                Array.from(document.querySelectorAll('header nav a[aria-current]'))
                    .map(a => a.getAttribute('href') + '=' + a.getAttribute('aria-current'))"""))
            .as("aria-current in the navigation of %s", page.url())
            .asInstanceOf(InstanceOfAssertFactories.LIST)
            .containsExactlyElementsOf(Arrays.asList(current));
        soft.assertAll();
    }

}
