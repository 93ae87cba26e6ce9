package io.patchflow.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.patchflow.patch.Patch;
import io.patchflow.patch.PatchCatalog;
import io.patchflow.patch.PatchType;
import io.patchflow.process.model.PatchChange;
import io.patchflow.security.AppUser;
import io.patchflow.security.Role;
import io.patchflow.security.UserDirectory;

/**
 * Approvals that one person gives for many changes, or that go to another person: an
 * approver approves three low-risk changes together from the inbox, and a deputy receives
 * and decides the task of an approver who went away. In a real browser (Debian's
 * Chromium, headless), as the approvers would. Each test works with approvers of its own,
 * so that an absence or a claim does not reach the other tests on the shared server.
 */
class DelegatedApprovalsBrowserIT extends BrowserTest {

    @Autowired
    UserDirectory users;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    PatchCatalog patches;

    @Test
    void anApproverApprovesThreeLowRiskChangesTogetherAndIsNotOfferedARiskyOne() {
        String suffix = Long.toString(System.nanoTime(), 36);
        String approver = approver("bulk-" + suffix);
        List<String> changes = new ArrayList<>();
        List<String> reviews = new ArrayList<>();
        for (String host : List.of("acme-ws-02", "acme-ws-03", "acme-ws-04")) {
            String change = lowRiskChange("Clock update on " + host + " (browser bulk " + suffix + ")", host);
            changes.add(change);
            reviews
                .add(ApiWalkthroughIT.awaitTask(api(), approver, change, PatchChange.TASK_REVIEW_TECHNICALLY).get(0));
        }
        // git fixes a known-exploited CVE: not low risk, so not for bulk approval
        long git = DemoLookup.patch(api(), "alice", "debian:git:");
        String risky = submit("Git on a workstation (browser bulk " + suffix + ")", git, "acme-ws-02");
        String riskyReview = ApiWalkthroughIT.awaitTask(api(), approver, risky, PatchChange.TASK_REVIEW_TECHNICALLY)
            .get(0);

        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, approver);
            page.navigate(api().url("/inbox?customer=acme&sort=age"));
            for (String review : reviews) {
                assertThat(page.locator("#bulk-" + review)).isVisible();
                page.locator("#bulk-" + review).check();
            }
            assertThat(page.locator("#inbox-tasks tr", new Page.LocatorOptions().setHasText(risky + " "))).hasCount(1);
            assertThat(page.locator("#bulk-" + riskyReview)).hasCount(0);
            Chromium.assertUsable(page, "/inbox=page");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("bulk-approve-selected.png"))
                .setFullPage(true));

            page.locator("#bulk-approve-button").click();
            page.waitForURL("**/inbox/bulk-approve");
            assertThat(page.locator("#bulk-summary")).containsText("3 of 3 task(s) approved");
            for (String review : reviews) {
                Locator row = page.locator("#bulk-results tr[data-task-id=\"" + review + "\"]");
                assertThat(row).hasAttribute("data-outcome", "APPROVED");
                assertThat(row).containsText("approved");
            }
            Chromium.assertUsable(page, "/inbox=page");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("bulk-approve-results.png"))
                .setFullPage(true));
            page.locator("#back-to-inbox").click();
            page.waitForURL("**/inbox");
            for (String review : reviews) {
                assertThat(page.locator("#bulk-" + review)).hasCount(0);
            }
        }
        // each approval is the approver's, as if given on the task's page; the risky
        // change still waits
        for (String change : changes) {
            await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> api().get("alice", "/api/changes/" + change).json().path("approvals").toString(),
                        a -> a.contains(approver) && a.toLowerCase().contains("approve"));
        }
        Assertions.assertThat(DemoLookup.taskIds(api(), "bob", risky, PatchChange.TASK_REVIEW_TECHNICALLY))
            .containsExactly(riskyReview);
    }

    @Test
    void aDeputyReceivesTheTaskOfAnApproverWhoIsAwayAndDecidesIt() {
        String suffix = Long.toString(System.nanoTime(), 36);
        String away = approver("away-" + suffix);
        String deputy = approver("deputy-" + suffix);
        String change = lowRiskChange("Clock update while an approver is away (browser " + suffix + ")", "acme-ws-05");
        String review = ApiWalkthroughIT.awaitTask(api(), away, change, PatchChange.TASK_REVIEW_TECHNICALLY).get(0);

        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, away);
            page.navigate(api().url("/tasks/" + review));
            page.locator("#claim-task").click();
            assertThat(page.locator("#task-actions")).containsText("Assigned to you");

            page.navigate(api().url("/settings/absence"));
            Chromium.assertUsable(page);
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
            Locator form = page.locator("#absence-form");
            form.getByLabel("From (UTC; empty or in the past means now)").fill(now.minusMinutes(1).toString());
            form.getByLabel("Until (UTC)").fill(now.plusDays(3).toString());
            form.getByLabel("Deputy").selectOption(deputy);
            form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
            assertThat(page.locator("#absences")).containsText(deputy);
            page.screenshot(
                    new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("absence-planned.png")).setFullPage(true));

            // away, the approver is told so and offered nothing to claim
            page.navigate(api().url("/inbox"));
            assertThat(page.locator("#away-banner")).containsText(deputy);
            assertThat(page.locator("#inbox-tasks tr", new Page.LocatorOptions().setHasText(change + " "))).hasCount(0);
        }

        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, deputy);
            page.navigate(api().url("/inbox?scope=mine"));
            Locator row = page.locator("#inbox-tasks tr", new Page.LocatorOptions().setHasText(change + " "));
            // saving an absence that has begun hands the tasks over at once
            assertThat(row).hasCount(1);
            Chromium.assertUsable(page, "/inbox=page");
            page.screenshot(
                    new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("deputy-inbox.png")).setFullPage(true));
            row.locator("a.task-link").first().click();
            page.waitForURL("**/tasks/**");
            assertThat(page.locator("#task-actions")).containsText("Assigned to you");
            page.getByLabel("Approve", new Page.GetByLabelOptions().setExact(true)).check();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit")).click();
            page.waitForURL("**/inbox*");
        }

        await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> api().get("alice", "/api/changes/" + change).json(),
                    c -> c.path("approvals").toString().contains(deputy));
        JsonNode details = api().get("alice", "/api/changes/" + change).json();
        Assertions.assertThat(details.path("approvals").toString()).doesNotContain(away);
        Assertions.assertThat(details.path("audit").toString())
            .contains("TASK_DELEGATED")
            .contains("the deputy: " + away + " is away");
    }

    /** A new approver of acme, so that what this test does stays with it. */
    private String approver(String name) {
        users.create(
                new AppUser(name, name, null, passwords.encode("demo"), true, Set.of(Role.APPROVER), Set.of("acme")));
        return name;
    }

    /**
     * A maintenance update of its own that needs a reboot, on a low-criticality
     * workstation: rated LOW, but normal (the reboot keeps it from being standard), so it
     * waits for a technical review.
     */
    private String lowRiskChange(String title, String host) {
        String n = Long.toString(System.nanoTime(), 36);
        long patch = patches.create(new Patch(0, "Ubuntu", "ubuntu:clockd-" + n + ":1.0", "clockd " + n, "clockd-" + n,
                "1.0", PatchType.MAINTENANCE, true, LocalDate.now(), List.of()));
        String change = submit(title, patch, host);
        JsonNode assessed = await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> api().get("alice", "/api/changes/" + change).json().path("change"),
                    c -> !c.path("riskLevel").isMissingNode() && !c.path("riskLevel").isNull());
        Assertions.assertThat(assessed.path("riskLevel").asText()).isEqualTo("LOW");
        Assertions.assertThat(assessed.path("changeType").asText()).isEqualTo("NORMAL");
        return change;
    }

    private String submit(String title, long patch, String host) {
        return api()
            .post("alice", "/api/changes", Map.of("customerId", "acme", "title", title, "patchIds", List.of(patch),
                    "assetIds", List.of(DemoLookup.asset(api(), "alice", "acme", host))))
            .json()
            .path("id")
            .asText();
    }

}
