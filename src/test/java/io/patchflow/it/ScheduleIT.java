package io.patchflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

import com.fasterxml.jackson.databind.JsonNode;

import io.patchflow.agent.AgentRegistry;
import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.inventory.Inventory;
import io.patchflow.security.AppUser;
import io.patchflow.security.Role;
import io.patchflow.security.UserDirectory;
import io.patchflow.testsupport.ApiClient;

/**
 * Windows, blackouts, the calendar and the agent API's second check, over HTTP. Each test
 * works in a customer of its own, so its blackouts cannot stop the demo customers'
 * changes in other ITs.
 */
class ScheduleIT extends IntegrationTest {

    @Autowired
    Customers customers;

    @Autowired
    Inventory inventory;

    @Autowired
    UserDirectory users;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    AgentRegistry agents;

    @Autowired
    JdbcClient jdbc;

    @Test
    void badWindowsAreRefusedNamingTheFieldAndNothingIsStored() {
        ApiClient api = api();
        String path = "/api/customers/acme/windows";
        long before = windowCount("acme");
        Map<String, Object> good = Map.of("name", "bad-input-probe", "timeZone", "Europe/Berlin", "recurrence",
                "FREQ=WEEKLY;BYDAY=SA", "start", "22:00", "durationMinutes", 240);

        assertRefused(api.post("dave", path, with(good, "timeZone", "Mars/Olympus_Mons")), "timeZone",
                "unknown time zone 'Mars/Olympus_Mons'");
        assertRefused(api.post("dave", path, with(good, "timeZone", "+01:00")), "timeZone",
                "unknown time zone '+01:00'");
        assertRefused(api.post("dave", path, with(good, "durationMinutes", 0)), "durationMinutes",
                "more than zero minutes");
        assertRefused(api.post("dave", path, with(good, "recurrence", "FREQ=FORTNIGHTLY")), "recurrence",
                "does not parse");
        assertRefused(api.post("dave", path, with(good, "recurrence", "FREQ=WEEKLY;BYDAY=SA;COUNT=3")), "recurrence",
                "does not end");
        assertRefused(api.post("dave", path, with(good, "start", "25:00")), "start", "HH:mm");
        assertRefused(api.post("dave", path, with(good, "offsetDays", 40)), "offsetDays", "between -27 and 27");
        assertThat(api.post("alice", path, good).status()).as("requesters do not define windows").isEqualTo(403);
        assertThat(api.post("gina", path, good).status()).as("gina does not see acme").isEqualTo(404);

        assertThat(windowCount("acme")).isEqualTo(before);
    }

    @Test
    void patchTuesdayPlusFourOpensOnSaturdayNightInBerlinAcrossTheDstChange() {
        ApiClient api = api();
        String name = "Patch Tuesday + 4 " + System.nanoTime();
        ApiClient.Response created = api.post("dave", "/api/customers/acme/windows",
                Map.of("name", name, "timeZone", "Europe/Berlin", "recurrence", "FREQ=MONTHLY;BYDAY=2TU", "offsetDays",
                        4, "start", "22:00", "durationMinutes", 240));
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().path("id").asLong();
        assertThat(created.json().path("nextOpening").asText()).isNotEmpty();

        // March 2027: second Tuesday the 9th, +4 = Saturday 13th (CET); April: the 13th,
        // +4 = the 17th (CEST)
        JsonNode openings = api
            .get("dave", "/api/windows/" + id + "/openings?from=2027-03-01T00:00:00Z&to=2027-05-01T00:00:00Z")
            .json();
        assertThat(openings.findValuesAsText("start")).containsExactly("2027-03-13T21:00:00Z", "2027-04-17T20:00:00Z");
        assertThat(openings.findValuesAsText("end")).containsExactly("2027-03-14T01:00:00Z", "2027-04-18T00:00:00Z");
        assertThat(api.get("dave", "/api/windows/" + id + "/openings?from=2027-01-01T00:00:00Z&to=2027-06-01T00:00:00Z")
            .status()).as("at most 62 days at once").isEqualTo(400);
        assertThat(api.get("gina", "/api/windows/" + id + "/openings").status()).isEqualTo(404);
    }

    @Test
    void aHardBlackoutHoldsInstallsBackAtTheAgentApiUntilItEnds() {
        Tenant t = tenant(true);
        ApiClient api = api();
        JsonNode agent = api.agentPost(null, "/agent/v1/enrol", Map.of("enrolmentToken", t.token, "hostname", t.host))
            .json();
        String credential = agent.path("agentId").asText() + "." + agent.path("agentSecret").asText();
        long tz = DemoLookup.patch(api, "alice", "debian:tzdata:");
        String change = api
            .post(t.user, "/api/changes", Map.of("customerId", t.customer, "title", "tzdata", "patchIds", List.of(tz),
                    "assetIds", List.of(t.assetId)))
            .json()
            .path("id")
            .asText();
        await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(300))
            .until(() -> jdbc.sql("SELECT COUNT(*) FROM agent_job WHERE change_id = ? AND job_type = 'INSTALL'")
                .param(io.patchflow.change.ChangeId.parse(change).value())
                .query(Long.class)
                .single(), n -> n > 0);

        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        ApiClient.Response declared = api.post(t.user, "/api/blackouts",
                Map.of("customerId", t.customer, "name", "incident freeze", "start", now.minusMinutes(1).toString(),
                        "end", now.plusHours(3).toString(), "kind", "HARD"));
        assertThat(declared.status()).isEqualTo(201);
        assertThat(declared.json().path("scheduledWithin").toString()).contains(change);
        long blackout = declared.json().path("blackout").path("id").asLong();

        JsonNode lease = api.agentPost(credential, "/agent/v1/jobs/lease", Map.of()).json();
        assertThat(lease.path("jobs").size()).isZero();
        assertThat(lease.path("deferred").get(0).path("changeId").asText()).isEqualTo(change);
        assertThat(lease.path("deferred").get(0).path("reason").asText())
            .startsWith("hard blackout 'incident freeze' until");

        assertThat(api.delete(t.user, "/api/blackouts/" + blackout).status()).isEqualTo(204);
        JsonNode after = api.agentPost(credential, "/agent/v1/jobs/lease", Map.of()).json();
        assertThat(after.path("jobs").get(0).path("type").asText()).isEqualTo("INSTALL");
        assertThat(after.path("deferred").size()).isZero();
    }

    @Test
    void blackoutsAreCheckedAndOnlyAdministratorsDeclareThemForEveryone() {
        Tenant t = tenant(false);
        ApiClient api = api();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> good = Map.of("customerId", t.customer, "name", "close", "start",
                now.plusDays(40).toString(), "end", now.plusDays(41).toString(), "kind", "SOFT");
        long before = blackoutCount();

        assertRefused(api.post(t.user, "/api/blackouts", with(good, "kind", "MAYBE")), "kind", "HARD or SOFT");
        assertRefused(api.post(t.user, "/api/blackouts", with(good, "end", now.plusDays(39).toString())), "end",
                "ends after it starts");
        assertRefused(api.post(t.user, "/api/blackouts", with(good, "end", now.plusDays(400).toString())), "end",
                "at most 92 days");
        assertRefused(api.post(t.user, "/api/blackouts", with(good, "start", "next tuesday")), "start", null);
        Map<String, Object> global = new HashMap<>(good);
        global.remove("customerId");
        assertThat(api.post("dave", "/api/blackouts", global).status()).isEqualTo(403);
        assertThat(api.post("dave", "/api/blackouts", good).status()).as("dave does not see the tenant").isEqualTo(404);
        assertThat(blackoutCount()).isEqualTo(before);

        assertThat(api.post(t.user, "/api/blackouts", good).status()).isEqualTo(201);
        JsonNode listed = api.get(t.user, "/api/blackouts").json();
        assertThat(listed.findValuesAsText("name")).contains("close");
        assertThat(api.get("dave", "/api/blackouts").json().findValuesAsText("customerId")).doesNotContain(t.customer);
    }

    @Test
    void aSecondChangeOnTheSameAssetIsPostponedAndTheCalendarShowsTheConflict() {
        Tenant t = tenant(false);
        ApiClient api = api();
        long tz = DemoLookup.patch(api, "alice", "debian:tzdata:");
        Map<String, Object> request = Map.of("customerId", t.customer, "title", "tzdata", "patchIds", List.of(tz),
                "assetIds", List.of(t.assetId));
        // the tenant's window opens once a week, about a day from now, for an hour
        String first = api.post(t.user, "/api/changes", request).json().path("id").asText();
        // The second is submitted once the first holds its slot: submitted together,
        // either may be scheduled first.
        await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(300))
            .until(() -> api.get(t.user, "/api/changes/" + first).json().path("change").path("status").asText(),
                    "SCHEDULED"::equals);
        String second = api.post(t.user, "/api/changes", request).json().path("id").asText();
        JsonNode secondDetails = await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(300))
            .until(() -> api.get(t.user, "/api/changes/" + second).json(), d -> d.path("conflicts").size() > 0);

        assertThat(secondDetails.path("conflicts").get(0).path("otherChange").asText()).isEqualTo(first);
        assertThat(secondDetails.path("conflicts").get(0).path("resolution").asText()).isEqualTo("POSTPONED");
        Instant firstStart = Instant
            .parse(api.get(t.user, "/api/changes/" + first).json().path("change").path("scheduledStart").asText());
        Instant secondStart = Instant.parse(secondDetails.path("change").path("scheduledStart").asText());
        assertThat(secondStart).isEqualTo(firstStart.plus(Duration.ofDays(7)));

        JsonNode calendar = api.get(t.user, "/api/customers/" + t.customer + "/calendar?days=14").json();
        assertThat(calendar.path("changes").findValuesAsText("id")).containsExactly(first, second);
        assertThat(calendar.path("openings").size()).isEqualTo(2);
        assertThat(calendar.path("changes").get(1).path("conflicts").get(0).path("resolution").asText())
            .isEqualTo("POSTPONED");

        // a hard blackout over the first change's slot: the next free slot is the week
        // after the second change
        assertThat(api.post(t.user, "/api/blackouts",
                Map.of("customerId", t.customer, "name", "freeze", "start", firstStart.minusSeconds(60).toString(),
                        "end", firstStart.plus(Duration.ofHours(2)).toString(), "kind", "HARD"))
            .status()).isEqualTo(201);
        JsonNode slot = api.get(t.user, "/api/changes/" + first + "/next-free-slot").json();
        assertThat(Instant.parse(slot.path("start").asText())).isEqualTo(firstStart.plus(Duration.ofDays(14)));
        assertThat(api.get("dave", "/api/changes/" + first + "/next-free-slot").status()).isEqualTo(404);
    }

    /**
     * A customer of its own: a person who requests and manages, and one asset whose
     * window is always open or opens once a week, in about 20 hours, for an hour.
     */
    private Tenant tenant(boolean alwaysOpen) {
        String customer = "sched-" + Long.toString(System.nanoTime(), 36);
        customers.create(new Customer(customer, "Schedule IT " + customer));
        ZonedDateTime opens = ZonedDateTime.now(ZoneId.of("UTC")).plusHours(20);
        long window = alwaysOpen
                ? inventory.createWindow(customer, "always", ZoneId.of("UTC"), EnumSet.allOf(DayOfWeek.class),
                        LocalTime.MIDNIGHT, Duration.ofDays(1))
                : inventory.createWindow(customer, "weekly hour", ZoneId.of("UTC"), EnumSet.of(opens.getDayOfWeek()),
                        LocalTime.of(opens.getHour(), 0), Duration.ofHours(1));
        String host = customer + "-ws";
        long asset = inventory.createAsset(customer, host, "Debian", "12", Criticality.LOW, Exposure.INTERNAL, 0,
                window);
        String user = customer + "-pat";
        users.create(new AppUser(user, "Pat", null, passwords.encode("demo"), true,
                Set.of(Role.REQUESTER, Role.CHANGE_MANAGER), Set.of(customer)));
        return new Tenant(customer, user, host, asset,
                agents.issueEnrolmentToken(customer, Duration.ofMinutes(5), 1, "test"));
    }

    private record Tenant(String customer, String user, String host, long assetId, String token) {
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    private static void assertRefused(ApiClient.Response response, String field, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("field").asText()).as(response.body()).isEqualTo(field);
        if (detail != null) {
            assertThat(response.json().path("detail").asText()).contains(detail);
        }
    }

    private long windowCount(String customer) {
        return jdbc.sql("SELECT COUNT(*) FROM maintenance_window WHERE customer_id = ?")
            .param(customer)
            .query(Long.class)
            .single();
    }

    private long blackoutCount() {
        return jdbc.sql("SELECT COUNT(*) FROM blackout").query(Long.class).single();
    }

}
