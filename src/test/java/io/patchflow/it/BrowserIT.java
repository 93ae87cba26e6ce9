package io.patchflow.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;

import io.patchflow.process.model.PatchChange;
import io.patchflow.security.AppUser;
import io.patchflow.security.Role;
import io.patchflow.security.UserDirectory;

/**
 * The newcomer's walk through the pages in a real browser (Debian's Chromium, headless,
 * offline): the requester submits a normal change for two demo assets, two approvers
 * approve it in their inboxes, and the change page shows it deployed, verified and closed
 * with every step. On the way, every page is checked for what a screen reader needs
 * ({@link Chromium#assertUsable}).
 */
class BrowserIT extends IntegrationTest {

    @Autowired
    UserDirectory users;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    org.camunda.bpm.engine.TaskService engineTasks;

    static final Path SCREENSHOTS = Paths.get("target/screenshots/" + DATABASE);

    static Playwright playwright;
    static Browser browser;

    /**
     * What the pages logged as errors (a CSP violation, a failed script); every test
     * expects none.
     */
    final List<String> consoleErrors = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void launch() throws Exception {
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

    @Test
    void newcomerSubmitsApprovesAndWatchesAChangeDeploy() {
        String changeUrl;
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "alice");
            assertThat(page.locator("#simulated-banner")).containsText("SIMULATED");
            page.navigate(api().url("/changes/new?customer=acme"));
            Chromium.assertUsable(page, "/changes/new=page");
            page.locator("#title").fill("Git CVE-2025-48384 on the app servers (browser)");
            page.getByText("git: arbitrary file write on clone").click();
            page.locator("#asset-acme-app-01").check();
            page.locator("#asset-acme-app-02").check();
            page.locator("#ticketReference").fill("SD-9000");
            page.screenshot(
                    new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("1-new-change.png")).setFullPage(true));
            page.locator("#submit-change").click();
            page.waitForURL("**/changes/CHG-*");
            changeUrl = page.url();
            assertThat(page.locator("#change-requester")).hasText("alice");
            Chromium.assertUsable(page, "/changes=true");
        }

        String change = changeUrl.substring(changeUrl.lastIndexOf('/') + 1);
        approve("bob", change, "Review change technically", "Approve");
        approve("bob", change, "Vote on change (CAB)", "Approve");
        approve("carol", change, "Vote on change (CAB)", "Approve");

        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "alice");
            page.navigate(changeUrl);
            // like a person pressing reload until the change has closed
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                page.reload();
                return page.locator("#change-status").textContent().equals("CLOSED");
            });
            assertThat(page.locator("#change-outcome")).hasText("SUCCESSFUL");
            assertThat(page.locator("#process-steps")).containsText("bob");
            assertThat(page.locator("#process-steps")).containsText("carol");
            assertThat(page.locator("#process-steps")).containsText("Close change");
            assertThat(page.locator("#change-assets")).containsText("simulated agent");
            assertThat(page.locator("#audit-trail")).containsText("CHANGE_CLOSED");
            assertThat(page.locator("#diagram svg").first()).isVisible();
            Chromium.assertUsable(page, "/changes=true");
            page.screenshot(
                    new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("4-closed-change.png")).setFullPage(true));
        }
    }

    @Test
    void requesterAcceptsAProposedEmergencyChangeAndTheChangePageSaysWhy() {
        // The second ring's web server; ProposalIT accepts the first ring's.
        api().postRaw("admin", "/api/admin/feeds/kev/import", ProposalIT.realKevCatalog());
        long proposal = ProposalIT.awaitProposal(api(), "acme", ProposalIT.APACHE, 1).path("id").asLong();
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "alice");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Proposals")).click();
            Chromium.assertUsable(page, "/proposals=page");
            Locator row = page.locator("#proposal-" + proposal);
            assertThat(row).containsText("EMERGENCY");
            assertThat(row).containsText("CISA KEV due date 2025-05-22");
            assertThat(row).containsText("overdue");
            assertThat(row).containsText("Known exploited");
            page.screenshot(
                    new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("5-proposals.png")).setFullPage(true));
            row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept")).click();
            page.waitForURL("**/changes/CHG-*");
            assertThat(page.getByRole(AriaRole.ALERT)).containsText("Proposal " + proposal + " accepted");
            // The risk assessment is the process's first asynchronous step: reload until
            // it is there.
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                page.reload();
                return page.locator("#assessment").count() > 0;
            });
            assertThat(page.locator("#kev-due")).hasText("2025-05-22");
            assertThat(page.locator("#change-sla")).containsText("CISA KEV due date 2025-05-22");
            assertThat(page.locator("#risk-factors")).containsText("CISA KEV");
            assertThat(page.locator("#deciding-rules")).containsText("EMERGENCY");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("6-proposed-change.png"))
                .setFullPage(true));
        }
    }

    @Test
    void approverWhoRequestedTheChangeIsNotOfferedItsReviewAndToldWhy() {
        String rita = "rita-" + Long.toString(System.nanoTime(), 36);
        users.create(new AppUser(rita, "Rita Requester-Approver", null, passwords.encode("demo"), true,
                Set.of(Role.REQUESTER, Role.APPROVER), Set.of("acme")));
        long git = DemoLookup.patch(api(), "alice", "debian:git:");
        String change = api()
            .post(rita, "/api/changes",
                    Map.of("customerId", "acme", "title", "rita's own change", "patchIds", List.of(git), "assetIds",
                            List.of(DemoLookup.asset(api(), "alice", "acme", "acme-app-01"))))
            .json()
            .path("id")
            .asText();
        // Bob sees the review; rita's inbox does not offer it (the server would refuse
        // her)
        String review = ApiWalkthroughIT.awaitTask(api(), "bob", change, PatchChange.TASK_REVIEW_TECHNICALLY).get(0);
        // Overdue: the review was due an hour ago (the demo's deadlines are a day or more
        // away).
        org.camunda.bpm.engine.task.Task task = engineTasks.createTaskQuery().taskId(review).singleResult();
        task.setDueDate(Date.from(Instant.now().minus(1, ChronoUnit.HOURS)));
        engineTasks.saveTask(task);

        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, rita);
            Chromium.assertUsable(page, "/inbox=page");
            assertThat(page.locator("#inbox-tasks tr", new Page.LocatorOptions().setHasText(change + " "))).hasCount(0);
            page.navigate(api().url("/tasks/" + review));
            assertThat(page.locator("#task-name + p")).containsText("overdue");
            assertThat(page.locator("#four-eyes-notice")).isVisible();
            assertThat(page.locator("#four-eyes-notice")).hasAttribute("role", "alert");
            assertThat(page.locator("#four-eyes-notice")).containsText("four-eyes rule");
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit"))).hasCount(0);
            Chromium.assertUsable(page, "/inbox=true");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("3-four-eyes-refused.png"))
                .setFullPage(true));
        }
        org.assertj.core.api.Assertions
            .assertThat(DemoLookup.taskIds(api(), "bob", change, PatchChange.TASK_REVIEW_TECHNICALLY))
            .containsExactly(review);
    }

    @Test
    void changeManagerDefinesAPatchTuesdayWindowAndABlackoutOnTheCalendar() {
        String window = "Patch Tuesday + 4 (browser " + Long.toString(System.nanoTime(), 36) + ")";
        java.time.LocalDateTime from = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC)
            .plusDays(45)
            .withHour(0)
            .withMinute(0)
            .withSecond(0)
            .withNano(0);
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "dave");
            page.navigate(api().url("/calendar?customer=globex"));
            assertThat(page.locator("#calendar")).containsText("Demo: always open");
            Chromium.assertUsable(page, "/calendar=page");

            Locator form = page.locator("#window-form");
            form.getByLabel("Name").fill(window);
            form.getByLabel("Time zone").fill("Mars/Olympus_Mons");
            form.getByLabel("Recurrence rule").fill("FREQ=MONTHLY;BYDAY=2TU");
            form.getByLabel("Day offset").fill("4");
            form.getByRole(AriaRole.BUTTON).click();
            assertThat(page.getByRole(AriaRole.ALERT)).containsText("timeZone: unknown time zone 'Mars/Olympus_Mons'");
            Chromium.assertUsable(page, "/calendar=page");
            assertThat(page.locator("#windows")).not().containsText(window);

            form = page.locator("#window-form");
            form.getByLabel("Name").fill(window);
            form.getByLabel("Recurrence rule").fill("FREQ=MONTHLY;BYDAY=2TU");
            form.getByLabel("Day offset").fill("4");
            form.getByRole(AriaRole.BUTTON).click();
            assertThat(page.locator(".notice")).containsText("Maintenance window '" + window + "' defined");
            assertThat(page.locator("#windows")).containsText("FREQ=MONTHLY;BYDAY=2TU");

            Locator blackout = page.locator("#blackout-form");
            blackout.getByLabel("Name").fill("clinic migration freeze");
            blackout.getByLabel("From (UTC)").fill(from.toString());
            blackout.getByLabel("Until (UTC)").fill(from.plusDays(2).toString());
            blackout.getByLabel("Kind").selectOption("SOFT");
            blackout.getByRole(AriaRole.BUTTON).click();
            assertThat(page.locator(".notice")).containsText("Declared soft blackout 'clinic migration freeze'");
            page.navigate(api().url("/calendar?customer=globex&from=" + from.toLocalDate() + "&days=3"));
            assertThat(page.locator("#calendar tr.blackout-soft")).containsText("clinic migration freeze");
            page.screenshot(
                    new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("5-calendar.png")).setFullPage(true));
        }
    }

    @Test
    void everyPageOfTheNavigationIsLabelledAnnouncedAndSaysWhereItIs() {
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "dave");
            Chromium.assertUsable(page, "/inbox=page");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("7-inbox.png")).setFullPage(true));
            for (String link : List.of("Changes", "Inventory", "Calendar", "Proposals", "Policy", "New change")) {
                Locator nav = page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                    .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(link).setExact(true));
                String href = nav.getAttribute("href");
                nav.click();
                page.waitForURL("**" + href);
                Chromium.assertUsable(page, href + "=page");
                String screenshot = "7-" + link.replace(' ', '-').toLowerCase(java.util.Locale.ROOT) + ".png";
                page.screenshot(
                        new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(screenshot)).setFullPage(true));
            }
            // a change that is not there: the error page, in the layout, with its message
            // announced (a page of its own, without the console listener: the browser
            // logs the 404 as an error)
            Page missing = context.newPage();
            missing.navigate(api().url("/changes/CHG-999999"));
            assertThat(missing.getByRole(AriaRole.ALERT)).containsText("CHG-999999");
            Chromium.assertUsable(missing);
        }
    }

    private void approve(String user, String change, String task, String choice) {
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, user);
            Locator row = page.locator("#inbox-tasks tr", new Page.LocatorOptions().setHasText(change + " "));
            Locator link = row.locator("a.task-link", new Locator.LocatorOptions().setHasText(task)).first();
            // the task appears once the engine's job executor has run the steps before it
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                if (link.count() > 0) {
                    return true;
                }
                page.reload();
                return false;
            });
            Chromium.assertUsable(page, "/inbox=page");
            link.click();
            page.waitForURL("**/tasks/**");
            page.getByLabel(choice, new Page.GetByLabelOptions().setExact(true)).check();
            Chromium.assertUsable(page, "/inbox=true");
            page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve("2-" + user + "-" + task.replaceAll("\\W+", "-") + ".png"))
                .setFullPage(true));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit")).click();
            page.waitForURL("**/inbox");
            assertThat(page).hasURL(api().url("/inbox"));
        }
    }

    @org.junit.jupiter.api.AfterEach
    void noConsoleErrors() {
        org.assertj.core.api.Assertions.assertThat(consoleErrors).as("errors in the browser console").isEmpty();
    }

    private Page signIn(BrowserContext context, String user) {
        return Chromium.signIn(context, api().url(""), user, consoleErrors);
    }

}
