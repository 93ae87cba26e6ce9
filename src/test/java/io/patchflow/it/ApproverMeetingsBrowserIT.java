package io.patchflow.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.inventory.Inventory;
import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchChange.ReviewDecision;
import io.patchflow.security.AppUser;
import io.patchflow.security.Role;
import io.patchflow.security.UserDirectory;

/**
 * What a change manager and the approvers do on the CAB and calendar pages, in a real
 * browser: a CAB meeting whose agenda freezes at its cut-off and whose votes are recorded
 * in the meeting (ADR 0040), and the calendar's week and month views showing two changes
 * that wanted the same asset at the same time, the second marked as in conflict.
 */
class ApproverMeetingsBrowserIT extends BrowserTest {

    /** The screenshots go into the user guide: a desktop-wide page, not a poster. */
    static final Browser.NewContextOptions DESKTOP = new Browser.NewContextOptions().setViewportSize(1280, 800)
        .setAcceptDownloads(true);

    /** The datetime-local fields of the page take whole minutes. */
    static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    @Autowired
    Customers customers;

    @Autowired
    Inventory inventory;

    @Autowired
    UserDirectory users;

    @Autowired
    PasswordEncoder passwords;

    @Test
    void aCabMeetingFreezesItsAgendaAndRecordsTheVotesOfThePresentApprovers() throws IOException {
        String title = "Git <CAB> & the app servers (browser " + suffix() + ")";
        // two app servers: a high risk, so the board needs two of three seats
        String change = newChange("alice", title, "acme-app-01", "acme-app-02");
        String review = ApiWalkthroughIT.awaitTask(api(), "bob", change, PatchChange.TASK_REVIEW_TECHNICALLY).get(0);
        Assertions
            .assertThat(
                    api()
                        .post("bob", "/api/tasks/" + review + "/complete",
                                Map.of("variables", Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.APPROVE)))
                        .status())
            .isEqualTo(204);
        // the seats are open before the cut-off, so the change is on the agenda
        Assertions.assertThat(ApiWalkthroughIT.awaitTask(api(), "carol", change, PatchChange.TASK_APPROVE_CHANGE))
            .hasSize(3);

        String meeting;
        try (BrowserContext context = browser.newContext(DESKTOP)) {
            Page page = signIn(context, "dave");
            page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("CAB").setExact(true))
                .click();
            page.waitForURL("**/cab-meetings");
            Chromium.assertUsable(page, "/cab-meetings=page");

            // The page takes whole minutes: the cut-off is the minute after next, the
            // meeting an hour later.
            LocalDateTime cutOff = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(2);
            LocalDateTime starts = cutOff.plusHours(1);
            Locator form = page.locator("#meeting-form");
            form.getByLabel("Customer").selectOption("acme");
            form.getByLabel("Starts (UTC)").fill(starts.format(MINUTES));
            form.getByLabel("Agenda cut-off (UTC; empty means 24 hours before)").fill(cutOff.format(MINUTES));
            form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Plan the meeting")).click();
            page.waitForURL(Pattern.compile(".*/cab-meetings/\\d+$"));
            meeting = page.url().substring(page.url().lastIndexOf('/') + 1);
            Instant cutOffAt = cutOff.toInstant(ZoneOffset.UTC);
            assertThat(page.locator(".notice")).containsText("CAB meeting " + meeting + " planned for "
                    + starts.toInstant(ZoneOffset.UTC) + "; its agenda freezes at " + cutOffAt + ".");
            assertThat(page.locator("h1")).hasText("CAB meeting " + meeting);
            assertThat(page.locator("#agenda-state")).hasText("The agenda freezes at "
                    + cutOff.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")) + " UTC.");
            assertThat(page.locator("#agenda-not-frozen")).isVisible();
            assertThat(page.locator(".vote-form")).hasCount(0);
            Chromium.assertUsable(page, "/cab-meetings=true");

            // the chair records who is in the room while the agenda is still open
            for (String approver : List.of("bob", "carol")) {
                page.getByLabel("Record as present").selectOption(approver);
                page.locator("#attendee-form")
                    .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Record"))
                    .click();
                assertThat(page.locator(".notice")).hasText(approver + " is recorded as present.");
            }
            assertThat(page.locator("#attendees li")).hasText(new String[] { "bob", "carol" });

            // The server's own sweep freezes the agenda once the cut-off has come (it
            // runs
            // every minute in the ITs; only the unit tests turn it off and call it by
            // hand): the chair reloads until the page says so.
            await().atMost(Duration.between(Instant.now(), cutOffAt).plus(Duration.ofMinutes(3)))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    page.reload();
                    return page.locator("#agenda-state").textContent().startsWith("Agenda frozen at ");
                });
            Locator item = page.locator("#item-" + change);
            Locator heading = item.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(change + ": "));
            assertThat(heading).hasText(change + ": " + title);
            assertThat(heading).hasAttribute("href", "/changes/" + change);
            // the title's angle brackets are text, not markup
            assertThat(item.locator("cab")).hasCount(0);
            assertThat(item).containsText("Requested by alice.");
            assertThat(item).containsText("Quorum 2 of 3 seats (approval routing).");
            assertThat(item.locator(".outcome")).hasText("Outcome: open: 0 of 2 approvals needed, 3 seats");
            assertThat(page.locator("#agenda-not-frozen")).hasCount(0);
            Chromium.assertUsable(page, "/cab-meetings=true");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("cab-meeting-agenda.png"))
                .setFullPage(true));

            // each present approver says their vote; the chair records it as theirs
            record(page, change, "bob");
            assertThat(page.locator(".notice"))
                .hasText("Vote of bob on " + change + " recorded; the item is open: 1 of 2 approvals needed, 3 seats.");
            record(page, change, "carol");
            assertThat(page.locator(".notice"))
                .hasText("Vote of carol on " + change + " recorded; the item is approved.");
            assertThat(item.locator(".outcome")).hasText("Outcome: approved");
            Locator votes = item.getByRole(AriaRole.TABLE,
                    new Locator.GetByRoleOptions().setName("Votes on " + change));
            assertThat(votes.locator("tbody tr")).hasCount(2);
            for (String voter : List.of("bob", "carol")) {
                Locator row = votes.locator("tbody tr", new Locator.LocatorOptions().setHasText(voter));
                assertThat(row.locator("td").nth(1)).hasText("approve");
                assertThat(row.locator("td").nth(4)).hasText("dave in this meeting");
            }
            // a decided item takes no more votes
            assertThat(page.locator("#vote-" + change)).hasCount(0);
            Chromium.assertUsable(page, "/cab-meetings=true");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("cab-meeting-votes.png"))
                .setFullPage(true));

            Download download = page.waitForDownload(() -> page.locator("#minutes-csv").click());
            Assertions.assertThat(download.suggestedFilename()).isEqualTo("cab-meeting-" + meeting + "-minutes.csv");
            String csv = Files.readString(download.path());
            Assertions.assertThat(csv)
                .startsWith("meeting,customer,starts_at,row,change,title,person,decision,comment,time,recorded_by");
            List<CSVRecord> rows = CSVFormat.RFC4180.builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(csv))
                .getRecords();
            Assertions.assertThat(rows).allSatisfy(r -> {
                Assertions.assertThat(r.get("meeting")).isEqualTo(meeting);
                Assertions.assertThat(r.get("customer")).isEqualTo("acme");
            });
            Assertions.assertThat(rows)
                .filteredOn(r -> r.get("row").equals("attendee"))
                .extracting(r -> r.get("person"), r -> r.get("decision"), r -> r.get("recorded_by"))
                .containsExactlyInAnyOrder(tuple("bob", "present", "dave"), tuple("carol", "present", "dave"));
            Assertions.assertThat(rows)
                .filteredOn(r -> r.get("change").equals(change))
                .extracting(r -> r.get("row"), r -> r.get("title"), r -> r.get("person"), r -> r.get("decision"),
                        r -> r.get("comment"), r -> r.get("recorded_by"))
                .containsExactlyInAnyOrder(tuple("vote", title, "bob", "approve", "", "dave"),
                        tuple("vote", title, "carol", "approve", "", "dave"),
                        tuple("outcome", title, "", "approved", "quorum 2 of 3 seats", ""));

            page.navigate(api().url("/cab-meetings"));
            assertThat(page.locator("#meetings tr",
                    new Page.LocatorOptions().setHas(page.getByRole(AriaRole.LINK,
                            new Page.GetByRoleOptions().setName("CAB meeting " + meeting).setExact(true)))))
                .containsText("frozen");
        }

        // each vote is the voter's own CAB seat, completed in the engine as theirs
        JsonNode details = api().get("alice", "/api/changes/" + change).json();
        List<String> cabVoters = new ArrayList<>();
        for (JsonNode approval : details.path("approvals")) {
            if (approval.path("step").asText().equals("CAB_VOTE")) {
                Assertions.assertThat(approval.path("decision").asText()).isEqualTo("approve");
                cabVoters.add(approval.path("decidedBy").asText());
            }
        }
        Assertions.assertThat(cabVoters).containsExactlyInAnyOrder("bob", "carol");
        List<String> seatsCompletedBy = new ArrayList<>();
        for (JsonNode step : details.path("steps")) {
            if (step.path("activityId").asText().equals(PatchChange.TASK_APPROVE_CHANGE)
                    && !step.path("canceled").asBoolean() && step.hasNonNull("endedAt")) {
                seatsCompletedBy.add(step.path("performedBy").asText());
            }
        }
        Assertions.assertThat(seatsCompletedBy).containsExactlyInAnyOrder("bob", "carol");
        List<String> recorded = new ArrayList<>();
        for (JsonNode event : details.path("audit")) {
            if (event.path("kind").asText().equals("CAB_VOTE_RECORDED")) {
                Assertions.assertThat(event.path("actor").asText()).isEqualTo("dave");
                recorded.add(event.path("detail").asText());
            }
        }
        Assertions.assertThat(recorded)
            .containsExactlyInAnyOrder("vote of bob (approve) recorded by dave in CAB meeting " + meeting,
                    "vote of carol (approve) recorded by dave in CAB meeting " + meeting);
    }

    @Test
    void theCalendarShowsTwoChangesThatWantedTheSameAssetAndMarksTheConflict() {
        Tenant t = tenant();
        // A Monday a week or more ahead whose Tuesday is in the same month: both
        // changes are in one week and one month.
        LocalDate monday = LocalDate.now(ZoneOffset.UTC)
            .plusDays(8)
            .with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
        while (monday.getMonth() != monday.plusDays(1).getMonth()) {
            monday = monday.plusWeeks(1);
        }
        String title = "tzdata <calendar> & conflicts (browser " + suffix() + ")";
        Map<String, Object> request = Map.of("customerId", t.customer, "title", title, "patchIds",
                List.of(DemoLookup.patch(api(), "alice", "debian:tzdata:")), "assetIds", List.of(t.assetId),
                "requestedStart", monday.atStartOfDay().atOffset(ZoneOffset.UTC).toString());
        String first = api().post(t.requester, "/api/changes", request).json().path("id").asText();
        // The second is submitted once the first holds its slot (Monday 10:00): it wants
        // the same hour on the same asset, is postponed to the next opening (Tuesday
        // 10:00), and the conflict is recorded.
        await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(300))
            .until(() -> api().get(t.requester, "/api/changes/" + first).json().path("change").path("status").asText(),
                    "SCHEDULED"::equals);
        String second = api().post(t.requester, "/api/changes", request).json().path("id").asText();
        await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(300))
            .until(() -> api().get(t.requester, "/api/changes/" + second).json(),
                    d -> d.path("change").path("status").asText().equals("SCHEDULED")
                            && d.path("conflicts").size() > 0);

        try (BrowserContext context = browser.newContext(DESKTOP)) {
            Page page = signIn(context, t.manager);
            page.navigate(api().url("/calendar?customer=" + t.customer + "&from=" + monday + "&view=week"));
            Chromium.assertUsable(page, "/calendar=page");
            Locator grid = page.locator("#calendar-grid");
            assertThat(grid.locator("caption")).hasText("Week of " + monday);
            assertWeekOf(page, monday, first, second, title);

            Locator conflicts = page.locator("#calendar-conflicts");
            assertThat(conflicts.getByRole(AriaRole.HEADING)).hasText("Conflicts");
            Locator conflict = conflicts.locator("li");
            assertThat(conflict).hasCount(1);
            assertThat(conflict.getByRole(AriaRole.LINK)).hasText(second);
            assertThat(conflict.getByRole(AriaRole.LINK)).hasAttribute("href", "/changes/" + second);
            assertThat(conflict).containsText("POSTPONED — slot " + monday.atTime(10, 0).toInstant(ZoneOffset.UTC)
                    + " overlaps " + first + " on 1 asset(s)");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("calendar-conflict.png"))
                .setFullPage(true));

            page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("View"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Month"))
                .click();
            page.waitForURL(Pattern.compile(".*view=month.*"));
            Chromium.assertUsable(page, "/calendar=page");
            assertThat(grid.locator("caption"))
                .hasText(monday.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + monday.getYear());
            assertWeekOf(page, monday, first, second, title);
            assertThat(page.locator("#calendar-conflicts li")).hasCount(1);

            // the entry links to the change
            grid.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(second + " ")).click();
            page.waitForURL("**/changes/" + second);
            assertThat(page.locator("h1")).hasText("Change " + second);
            Chromium.assertUsable(page, "/changes=true");
        }
    }

    /**
     * The first change on Monday, unmarked; the second on Tuesday, marked as in conflict;
     * each with its escaped title and a link to it.
     */
    private static void assertWeekOf(Page page, LocalDate monday, String first, String second, String title) {
        Locator grid = page.locator("#calendar-grid");
        Locator mondayCell = day(grid, monday);
        Locator tuesdayCell = day(grid, monday.plusDays(1));
        Locator firstEntry = mondayCell.locator("li.entry.change");
        assertThat(firstEntry).hasCount(1);
        assertThat(firstEntry.getByRole(AriaRole.LINK)).hasText(first + " " + title);
        assertThat(firstEntry.getByRole(AriaRole.LINK)).hasAttribute("href", "/changes/" + first);
        assertThat(firstEntry).containsText("10:00");
        assertThat(firstEntry).not().hasClass(Pattern.compile("\\bconflict\\b"));
        assertThat(mondayCell).not().hasClass(Pattern.compile("\\bconflict\\b"));
        assertThat(mondayCell.locator(".badge")).hasCount(0);

        Locator secondEntry = tuesdayCell.locator("li.entry.change");
        assertThat(secondEntry).hasCount(1);
        assertThat(secondEntry.getByRole(AriaRole.LINK)).hasText(second + " " + title);
        assertThat(secondEntry.getByRole(AriaRole.LINK)).hasAttribute("href", "/changes/" + second);
        assertThat(secondEntry).containsText("10:00");
        assertThat(secondEntry).hasClass(Pattern.compile("\\bconflict\\b"));
        assertThat(tuesdayCell).hasClass(Pattern.compile("\\bconflict\\b"));
        assertThat(tuesdayCell.locator("strong.badge")).hasText("conflict");
        // the title's angle brackets are text, not markup
        assertThat(grid.locator("li.entry calendar")).hasCount(0);
    }

    /** The cell of a day of the grid, found by its date in the cell's own words. */
    private static Locator day(Locator grid, LocalDate date) {
        // the month view shows the neighbouring months' days of its weeks as "outside"
        Locator cell = grid.locator("td:not(.outside)")
            .filter(new Locator.FilterOptions().setHas(grid.page()
                .locator("span.date",
                        new Page.LocatorOptions().setHasText(Pattern.compile("^" + date.getDayOfMonth() + "$")))));
        assertThat(cell).hasCount(1);
        return cell;
    }

    private static void record(Page page, String change, String voter) {
        Locator form = page.locator("#vote-" + change);
        form.getByLabel("Voter on " + change + " (present approvers)").selectOption(voter);
        form.getByLabel("Vote", new Locator.GetByLabelOptions().setExact(true)).selectOption("approve");
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Record the vote on " + change)).click();
    }

    private String newChange(String requester, String title, String... hosts) {
        long git = DemoLookup.patch(api(), requester, "debian:git:");
        List<Long> assets = Arrays.stream(hosts).map(host -> DemoLookup.asset(api(), requester, "acme", host)).toList();
        return api()
            .post(requester, "/api/changes",
                    Map.of("customerId", "acme", "title", title, "patchIds", List.of(git), "assetIds", assets))
            .json()
            .path("id")
            .asText();
    }

    /**
     * A customer of its own (as in ScheduleIT, so that nothing another IT schedules on
     * the demo customers overlaps): one asset whose window opens on Mondays and Tuesdays
     * at 10:00 UTC for an hour, a requester and a change manager.
     */
    private Tenant tenant() {
        String customer = "cal-" + suffix();
        customers.create(new Customer(customer, "Calendar IT " + customer));
        long window = inventory.createWindow(customer, "Monday and Tuesday at ten", ZoneId.of("UTC"),
                EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY), LocalTime.of(10, 0), Duration.ofHours(1));
        long asset = inventory.createAsset(customer, customer + "-ws", "Debian", "12", Criticality.LOW,
                Exposure.INTERNAL, 0, window);
        String requester = customer + "-req";
        users.create(new AppUser(requester, "Rhea Requester", null, passwords.encode("demo"), true,
                Set.of(Role.REQUESTER), Set.of(customer)));
        String manager = customer + "-cm";
        users.create(new AppUser(manager, "Cal Change-Manager", null, passwords.encode("demo"), true,
                Set.of(Role.CHANGE_MANAGER), Set.of(customer)));
        return new Tenant(customer, requester, manager, asset);
    }

    private record Tenant(String customer, String requester, String manager, long assetId) {
    }

    private static String suffix() {
        return Long.toString(System.nanoTime(), 36);
    }

}
