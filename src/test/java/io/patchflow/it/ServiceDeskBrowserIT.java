package io.patchflow.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/**
 * The service desk's day in a real browser (Debian's Chromium, headless): erin links a
 * ticket to a change on its page and sees the ticket's status there, finds the change
 * again from the ticket id on the Tickets page, opens the ticket and asks what changed
 * around it, and finally unlinks the ticket with a reason.
 */
class ServiceDeskBrowserIT extends BrowserTest {

    @Test
    void erinLinksATicketFindsTheChangeByItAndLooksAroundIt() {
        String suffix = Long.toString(System.nanoTime(), 36);
        String reference = "SD-" + suffix;
        long git = DemoLookup.patch(api(), "alice", "debian:git:");
        String change = api().post("alice", "/api/changes",
                Map.of("customerId", "acme", "title", "Git on a workstation (service desk " + suffix + ")", "patchIds",
                        List.of(git), "assetIds", List.of(DemoLookup.asset(api(), "alice", "acme", "acme-ws-02"))))
            .json()
            .path("id")
            .asText();

        try (BrowserContext context = browser.newContext()) {
            Page page = signIn(context, "erin");
            page.navigate(api().url("/changes/" + change));
            page.locator("#ticket-form input[name=reference]").fill(reference);
            page.locator("#ticket-form button").click();
            page.waitForURL("**/changes/" + change);
            assertThat(page.locator(".flash .notice")).hasText("Ticket " + reference + " linked.");
            Locator panel = page.locator(".ticket", new Page.LocatorOptions().setHasText(reference));
            assertThat(panel.locator(".ticket-status")).containsText("Status OPEN");
            assertThat(panel.locator(".ticket-status")).containsText("as read");
            assertThat(panel.locator(".ticket-status")).containsText("just now");
            Chromium.assertUsable(page, "/changes=true");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("service-desk-change-ticket.png"))
                .setFullPage(true));

            page.locator("#nav-tickets").click();
            page.waitForURL("**/tickets");
            page.locator("#ticket-reference").fill(reference);
            page.locator("#ticket-search button").click();
            Locator found = page.locator(".ticket-found");
            assertThat(found).hasCount(1);
            assertThat(found).containsText("acme");
            assertThat(found.locator(".linked-changes")).containsText(change);
            Chromium.assertUsable(page, "/tickets=page");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("service-desk-tickets.png"))
                .setFullPage(true));

            page.locator("#ticket-reference").fill("SD-none-" + suffix);
            page.locator("#ticket-search button").click();
            assertThat(page.locator("#no-ticket")).containsText("No ticket SD-none-" + suffix);

            page.navigate(api().url("/tickets?reference=" + reference));
            page.locator(".ticket-found h2 a").click();
            assertThat(page.locator("#ticket-reference")).hasText(reference);
            assertThat(page.locator("#ticket-status")).hasText("OPEN");
            assertThat(page.locator("#linked-changes")).containsText(change);
            assertThat(page.locator("#create-change-refused")).containsText("only requesters and change managers");
            Chromium.assertUsable(page, "/tickets=true");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("service-desk-ticket.png"))
                .setFullPage(true));

            page.locator("#changes-around-link").click();
            page.waitForURL("**/changes-around");
            assertThat(page.locator("#around-summary")).containsText("asset(s) of acme");
            assertThat(page.locator("#around-csv")).isVisible();
            Chromium.assertUsable(page, "/tickets=true");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("service-desk-changes-around.png"))
                .setFullPage(true));

            page.locator("#around-from").fill("2026-01-01");
            page.locator("#around-to").fill("2026-12-31");
            page.locator("#around-period button").click();
            assertThat(page.locator("#page-error")).containsText("a period is at most 92 days");

            page.navigate(api().url("/changes/" + change));
            Locator unlink = page.locator(".ticket", new Page.LocatorOptions().setHasText(reference))
                .locator(".unlink-form");
            unlink.locator("input[name=reason]").fill("linked to the wrong change");
            unlink.locator("button").click();
            page.waitForURL("**/changes/" + change);
            assertThat(page.locator(".flash .notice")).containsText("Ticket unlinked");
            assertThat(page.locator(".ticket", new Page.LocatorOptions().setHasText(reference))).hasCount(0);
            assertThat(page.locator("#audit-trail")).containsText("linked to the wrong change");
        }
    }

}
