package io.patchflow.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
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
class BrowserIT extends BrowserTest {

    @Autowired
    UserDirectory users;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    org.camunda.bpm.engine.TaskService engineTasks;

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
    void approverFindsAChangeThroughAFilterClaimsItAndRejectsItWithAReason() {
        String change = newChange("alice", "Git on a workstation (browser, rejected)", "acme-ws-01");
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "bob");
            page.locator("#inbox-filters input[name=asset]").fill("acme-ws-01");
            page.locator("#inbox-filters select[name=customer]").selectOption("acme");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
            page.waitForURL(Pattern.compile(".*/inbox\\?.*asset=acme-ws-01.*"));
            Locator row = page.locator("#inbox-tasks tr", new Page.LocatorOptions().setHasText(change + " "));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                if (row.count() > 0) {
                    return true;
                }
                page.reload();
                return false;
            });
            assertThat(page.locator("#inbox-filters input[name=asset]")).hasValue("acme-ws-01");
            assertThat(page.locator("#filter-overdue")).containsText("Overdue");
            Chromium.assertUsable(page, "/inbox=page");
            page.screenshot(
                    new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("inbox-filtered.png")).setFullPage(true));

            row.locator("a.task-link").first().click();
            page.waitForURL("**/tasks/**");
            assertThat(page.locator("#assessment")).isVisible();
            assertThat(page.locator("#change-assets")).containsText("acme-ws-01");
            // the task page's diagram marks where the change waits: this review
            assertThat(page.locator("#diagram [data-element-id=\"" + PatchChange.TASK_REVIEW_TECHNICALLY + "\"]"))
                .hasClass(Pattern.compile("\\bcurrent\\b"));
            page.locator("#claim-task").click();
            assertThat(page.locator("#task-actions")).containsText("Assigned to you");
            page.getByLabel("Reject", new Page.GetByLabelOptions().setExact(true)).check();
            page.getByLabel("Why you reject, or your question for the requester")
                .fill("The workstations are frozen for the audit this week.");
            Chromium.assertUsable(page, "/inbox=true");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("task-reject-with-reason.png"))
                .setFullPage(true));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit")).click();
            page.waitForURL("**/inbox");
        }
        await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> api().get("alice", "/api/changes/" + change).json().path("change"),
                    c -> c.path("status").asText().equals("CLOSED") && c.path("outcome").asText().equals("REJECTED"));
        Assertions.assertThat(api().get("alice", "/api/changes/" + change).json().path("approvals").toString())
            .contains("The workstations are frozen for the audit this week.");
    }

    @Test
    void anApproverAsksTheRequesterAndReviewsAgainOnceAnswered() {
        String change = newChange("alice", "Git on a workstation (browser, needs information)", "acme-ws-02");
        decide("bob", change, "Review change technically", "Needs more information from the requester",
                "Which services restart?");
        decide("alice", change, "Provide information", null, "Only the git client; nothing restarts.");
        decide("bob", change, "Review change technically", "Approve", null);
        await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> api().get("alice", "/api/changes/" + change).json().path("approvals").toString(),
                    a -> a.contains("Which services restart?") && a.contains("approve"));
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

    /** A phone in portrait, as the issue measured it (issue 13). */
    static final int PHONE_WIDTH = 390;

    /**
     * Wider than the phone layout's breakpoint (48rem), narrower than the top bar's one
     * line.
     */
    static final int TABLET_WIDTH = 800;

    @Test
    void approverDecidesOnAPhoneAndEveryPageFitsItsScreen() {
        String change = newChange("alice", "Git on a phone (browser)");
        ApiWalkthroughIT.awaitTask(api(), "bob", change, PatchChange.TASK_REVIEW_TECHNICALLY);
        JsonNode proposal = proposalOnTheList();
        try (BrowserContext context = browser.newContext(phone())) {
            Page page = signIn(context, "bob");
            assertFitsThePhone(page, "phone-1-inbox");
            Locator row = page.locator("#inbox-tasks tr", new Page.LocatorOptions().setHasText(change + " "));
            row.locator("a.task-link", new Locator.LocatorOptions().setHasText("Review change technically")).click();
            page.waitForURL("**/tasks/**");
            page.getByLabel("Approve", new Page.GetByLabelOptions().setExact(true)).check();
            Chromium.assertUsable(page, "/inbox=true");
            assertFitsThePhone(page, "phone-2-task");
            // the details, then the decision below them: side by side they overlapped
            Locator decision = page.locator("section.card")
                .filter(new Locator.FilterOptions().setHas(page.locator("#form")));
            assertApart(page.locator(".change-summary"), decision);
            assertWithinTheScreen(page.locator("#form"));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit")).click();
            page.waitForURL("**/inbox");

            page.navigate(api().url("/changes/" + change));
            assertThat(page.locator("#diagram [data-element-id=\"" + PatchChange.TASK_APPROVE_CHANGE + "\"]"))
                .hasClass(Pattern.compile("\\bcurrent\\b"));
            assertFitsThePhone(page, "phone-3-change");
            Chromium.assertUsable(page, "/changes=true");
            DiagramView opened = DiagramView.of(page);
            Assertions.assertThat(opened.zoom()).as("zoom on the phone").isGreaterThan(3 * opened.fit());
            swipe(context, page, -150, 0);
            DiagramView swiped = DiagramView.of(page);
            Assertions.assertThat(swiped.x()).as("a sideways swipe moves the diagram").isLessThan(opened.x() - 100);
            double scrolled = ((Number) page.evaluate("window.scrollY")).doubleValue();
            swipe(context, page, 0, -200);
            Assertions.assertThat(DiagramView.of(page).y())
                .as("a swipe up or down scrolls the page, not the diagram")
                .isEqualTo(swiped.y());
            // the browser scrolls in its own time
            await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> Assertions.assertThat(((Number) page.evaluate("window.scrollY")).doubleValue())
                    .as("the page scrolled")
                    .isGreaterThan(scrolled + 100));

            for (String link : List.of("Changes", "Inventory", "Calendar", "Proposals", "Policy")) {
                visitOnThePhone(page, link);
            }
            page.navigate(api().url("/proposals?status=" + proposal.path("status").asText()));
            assertThat(page.locator("#proposal-" + proposal.path("id").asLong())).isVisible();
            assertFitsThePhone(page, "phone-4-proposal");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
            page.waitForURL("**/login?logout");
            assertFitsThePhone(page, "phone-5-signed-out");
        }
    }

    @Test
    void changeManagerReadsEveryPageOnAPhone() {
        JsonNode proposal = proposalOnTheList();
        try (BrowserContext context = browser.newContext(phone())) {
            Page page = signIn(context, "dave");
            for (String link : List.of("Changes", "Inventory", "Calendar", "Proposals", "Policy", "New change")) {
                visitOnThePhone(page, link);
            }
            page.navigate(api().url("/proposals?status=" + proposal.path("status").asText()));
            assertThat(page.locator("#proposal-" + proposal.path("id").asLong())).isVisible();
            assertFitsThePhone(page, "phone-6-proposal-manager");
        }
    }

    @Test
    void aUserWithEveryRoleHasTheWholeNavigationAndSignOutOnATablet() {
        // the longest top bar there is: every link, every role's name
        String una = "una-" + Long.toString(System.nanoTime(), 36);
        users.create(new AppUser(una, "Una All-Roles", null, passwords.encode("demo"), true, EnumSet.allOf(Role.class),
                Set.of("acme", "globex")));
        try (BrowserContext context = browser
            .newContext(new Browser.NewContextOptions().setViewportSize(TABLET_WIDTH, 1000))) {
            Page page = signIn(context, una);
            assertThat(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Camunda"))).isVisible();
            assertFits(page, TABLET_WIDTH, "tablet-inbox");
            page.navigate(api().url("/inventory"));
            assertFits(page, TABLET_WIDTH, "tablet-inventory");
        }
    }

    @Test
    void changePageOpensItsDiagramAtWhereTheChangeIsAndZooms() {
        String change = newChange("alice", "Git, the diagram (browser)");
        ApiWalkthroughIT.awaitTask(api(), "bob", change, PatchChange.TASK_REVIEW_TECHNICALLY);
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "alice");
            page.navigate(api().url("/changes/" + change));
            Locator diagram = page.locator("#diagram");
            Locator current = diagram.locator("[data-element-id=\"" + PatchChange.TASK_REVIEW_TECHNICALLY + "\"]");
            assertThat(current).hasClass(Pattern.compile("\\bcurrent\\b"));
            assertThat(page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Diagram view"))).isVisible();
            Chromium.assertUsable(page, "/changes=true");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("8-diagram-opened.png"))
                .setFullPage(true));

            // zoomed in, with the step it waits at whole, readable and in view
            DiagramView opened = DiagramView.of(page);
            Assertions.assertThat(opened.zoom()).as("zoom").isGreaterThan(3 * opened.fit());
            assertInside(current, diagram);
            Assertions.assertThat(current.boundingBox().width)
                .as("width of the current step")
                .isGreaterThanOrEqualTo(80);
            // the marks show: the current step outlined, the passed ones filled
            Assertions.assertThat(visual(current, "strokeWidth")).isEqualTo("4px");
            for (String passed : List.of(PatchChange.START_EVENT_CHANGE_SUBMITTED, PatchChange.TASK_ASSESS_RISK)) {
                Locator step = diagram.locator("[data-element-id=\"" + passed + "\"]");
                assertThat(step).hasClass(Pattern.compile("\\bdone\\b"));
                Assertions.assertThat(visual(step, "fill")).as(passed).isEqualTo("rgb(232, 245, 236)");
            }
            assertThat(diagram.locator(".bjs-powered-by")).isVisible();

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Zoom in")).click();
            Assertions.assertThat(DiagramView.of(page).zoom()).as("zoomed in").isGreaterThan(opened.zoom());
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Zoom out")).click();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Zoom out")).click();
            Assertions.assertThat(DiagramView.of(page).zoom()).as("zoomed out").isLessThan(opened.zoom());
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Whole process")).click();
            DiagramView whole = DiagramView.of(page);
            Assertions.assertThat(whole.zoom()).as("the whole process").isCloseTo(whole.fit(), within(0.01));
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("8-diagram-whole.png")));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Current position")).click();
            Assertions.assertThat(DiagramView.of(page)).as("back where the change is").isEqualTo(opened);

            // the mouse: drag moves, Ctrl + wheel zooms
            var box = diagram.boundingBox();
            page.mouse().move(box.x + box.width / 2, box.y + box.height / 2);
            page.mouse().down();
            page.mouse()
                .move(box.x + box.width / 2 - 200, box.y + box.height / 2, new Mouse.MoveOptions().setSteps(10));
            page.mouse().up();
            Assertions.assertThat(DiagramView.of(page).x()).as("dragged").isLessThan(opened.x() - 150);
            page.keyboard().down("Control");
            page.mouse().wheel(0, -200);
            page.keyboard().up("Control");
            Assertions.assertThat(DiagramView.of(page).zoom()).as("Ctrl + wheel").isGreaterThan(opened.zoom());

            // the keyboard: Tab goes from the last button to the diagram, whose arrow
            // keys
            // move it (and not the page) and whose + zooms
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Current position")).click();
            page.keyboard().press("Tab");
            Locator drawing = diagram.locator("svg").first();
            assertThat(drawing).isFocused();
            assertThat(drawing).hasAccessibleName(Pattern.compile("Process diagram"));
            double scrolled = ((Number) page.evaluate("window.scrollY")).doubleValue();
            page.keyboard().press("ArrowRight");
            page.keyboard().press("ArrowDown");
            DiagramView moved = DiagramView.of(page);
            Assertions.assertThat(moved.x()).as("ArrowRight").isLessThan(opened.x());
            Assertions.assertThat(moved.y()).as("ArrowDown").isLessThan(opened.y());
            Assertions.assertThat(((Number) page.evaluate("window.scrollY")).doubleValue())
                .as("the page stays where it was")
                .isEqualTo(scrolled);
            page.keyboard().type("+");
            Assertions.assertThat(DiagramView.of(page).zoom()).as("+").isGreaterThan(opened.zoom());
        }
    }

    /**
     * Where the diagram's viewport is: its zoom, its offset in pixels, and the zoom at
     * which the whole model fits.
     */
    record DiagramView(double zoom, double x, double y, double fit) {

        static DiagramView of(Page page) {
            Map<?, ?> view = (Map<?, ?>) page.evaluate("""
                    () => {
                      const svg = document.querySelector('#diagram svg');
                      const viewport = svg.querySelector('.viewport');
                      const m = viewport.transform.baseVal.consolidate().matrix;
                      const inner = viewport.getBBox();
                      const outer = svg.getBoundingClientRect();
                      return { zoom: m.a, x: m.e, y: m.f,
                               fit: Math.min(1, outer.width / inner.width, outer.height / inner.height) };
                    }""");
            return new DiagramView(number(view, "zoom"), number(view, "x"), number(view, "y"), number(view, "fit"));
        }

        private static double number(Map<?, ?> view, String key) {
            return Math.round(((Number) view.get(key)).doubleValue() * 1000) / 1000.0;
        }

    }

    private String newChange(String requester, String title) {
        return newChange(requester, title, "acme-app-01");
    }

    private String newChange(String requester, String title, String host) {
        long git = DemoLookup.patch(api(), requester, "debian:git:");
        return api()
            .post(requester, "/api/changes", Map.of("customerId", "acme", "title", title, "patchIds", List.of(git),
                    "assetIds", List.of(DemoLookup.asset(api(), requester, "acme", host))))
            .json()
            .path("id")
            .asText();
    }

    /**
     * The person opens the change's task from their inbox (filtered to the change's
     * customer), picks the choice (none for a form without one), writes the text into the
     * form's text field, and submits.
     */
    private void decide(String user, String change, String task, String choice, String text) {
        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, user);
            Locator link = page.locator("#inbox-tasks tr", new Page.LocatorOptions().setHasText(change + " "))
                .locator("a.task-link", new Locator.LocatorOptions().setHasText(task))
                .first();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                if (link.count() > 0) {
                    return true;
                }
                page.reload();
                return false;
            });
            link.click();
            page.waitForURL("**/tasks/**");
            if (choice != null) {
                page.getByLabel(choice, new Page.GetByLabelOptions().setExact(true)).check();
            }
            if (text != null) {
                page.locator("#form textarea").first().fill(text);
            }
            page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve("decide-" + user + "-" + task.replaceAll("\\W+", "-") + ".png"))
                .setFullPage(true));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit")).click();
            page.waitForURL("**/inbox");
        }
    }

    /**
     * A proposal with its long explanation, the widest row there is; open or accepted.
     */
    private JsonNode proposalOnTheList() {
        api().postRaw("admin", "/api/admin/feeds/kev/import", ProposalIT.realKevCatalog());
        return ProposalIT.awaitProposal(api(), "acme", ProposalIT.APACHE, 0);
    }

    private static Browser.NewContextOptions phone() {
        return new Browser.NewContextOptions().setViewportSize(PHONE_WIDTH, 844)
            .setDeviceScaleFactor(2)
            .setIsMobile(true)
            .setHasTouch(true);
    }

    private void visitOnThePhone(Page page, String link) {
        Locator nav = page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
            .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(link).setExact(true));
        assertWithinTheScreen(nav);
        String href = nav.getAttribute("href");
        nav.click();
        page.waitForURL("**" + href);
        Chromium.assertUsable(page, href + "=page");
        assertFitsThePhone(page, "phone-" + link.replace(' ', '-').toLowerCase(Locale.ROOT));
    }

    /**
     * The page is no wider than the phone's screen, and "Sign out" is on it, where a
     * finger can reach it; with a screenshot of the whole page.
     */
    private static void assertFitsThePhone(Page page, String screenshot) {
        assertFits(page, PHONE_WIDTH, screenshot);
    }

    /**
     * The page is no wider than a screen {@code screen} pixels wide, and "Sign out" is on
     * it and gets the click; with a screenshot of the whole page.
     */
    private static void assertFits(Page page, int screen, String screenshot) {
        page.evaluate("window.scrollTo(0, 0)");
        // first, so that a page that fails can be looked at
        page.screenshot(
                new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(screenshot + ".png")).setFullPage(true));
        Map<?, ?> width = (Map<?, ?>) page
            .evaluate("({ page: document.documentElement.scrollWidth, screen: window.innerWidth })");
        Assertions.assertThat(((Number) width.get("screen")).intValue())
            .as("width of the screen on %s", page.url())
            .isEqualTo(screen);
        Assertions.assertThat(((Number) width.get("page")).intValue())
            .as("width of %s", page.url())
            .isLessThanOrEqualTo(screen);
        Locator signOut = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"));
        if (!page.url().contains("/login")) {
            assertThat(signOut).isVisible();
            assertWithinTheScreen(signOut);
            // nothing covers it: Playwright checks that the button would get the click
            signOut.click(new Locator.ClickOptions().setTrial(true));
        }
    }

    private static void assertWithinTheScreen(Locator locator) {
        var box = locator.boundingBox();
        Assertions.assertThat(box.x).as("left edge of %s", locator).isGreaterThanOrEqualTo(0);
        Assertions.assertThat(box.x + box.width)
            .as("right edge of %s", locator)
            .isLessThanOrEqualTo(locator.page().viewportSize().width);
    }

    private static void assertApart(Locator one, Locator other) {
        var a = one.boundingBox();
        var b = other.boundingBox();
        boolean overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        Assertions.assertThat(overlap)
            .as("%s (%s,%s %sx%s) overlaps %s (%s,%s %sx%s)", one, a.x, a.y, a.width, a.height, other, b.x, b.y,
                    b.width, b.height)
            .isFalse();
    }

    private static void assertInside(Locator inner, Locator outer) {
        var i = inner.boundingBox();
        var o = outer.boundingBox();
        Assertions
            .assertThat(i.x >= o.x && i.y >= o.y && i.x + i.width <= o.x + o.width && i.y + i.height <= o.y + o.height)
            .as("%s (%s,%s %sx%s) inside %s (%s,%s %sx%s)", inner, i.x, i.y, i.width, i.height, outer, o.x, o.y,
                    o.width, o.height)
            .isTrue();
    }

    /** The computed style of the shape that carries a diagram element's colours. */
    private static String visual(Locator element, String property) {
        return (String) element.locator(".djs-visual > :first-child")
            .evaluate("(e, property) => getComputedStyle(e)[property]", property);
    }

    /**
     * A finger on the middle of the diagram, moved by dx, dy in small steps: real touch
     * events through Chromium's DevTools protocol, so the browser decides, as on a phone,
     * whether the page scrolls.
     */
    private static void swipe(BrowserContext context, Page page, int dx, int dy) {
        Locator diagram = page.locator("#diagram");
        diagram.scrollIntoViewIfNeeded();
        var box = diagram.boundingBox();
        double x = box.x + box.width / 2;
        double y = box.y + box.height / 2;
        CDPSession cdp = context.newCDPSession(page);
        try {
            cdp.send("Input.dispatchTouchEvent", touch("touchStart", x, y));
            for (int step = 1; step <= 10; step++) {
                cdp.send("Input.dispatchTouchEvent", touch("touchMove", x + dx * step / 10.0, y + dy * step / 10.0));
            }
            cdp.send("Input.dispatchTouchEvent", touch("touchEnd", x + dx, y + dy));
        }
        finally {
            cdp.detach();
        }
    }

    private static JsonObject touch(String type, double x, double y) {
        JsonObject event = new JsonObject();
        event.addProperty("type", type);
        JsonArray points = new JsonArray();
        if (!"touchEnd".equals(type)) {
            JsonObject point = new JsonObject();
            point.addProperty("x", x);
            point.addProperty("y", y);
            points.add(point);
        }
        event.add("touchPoints", points);
        return event;
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

}
