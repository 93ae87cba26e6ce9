package io.patchflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.security.AppUser;
import io.patchflow.security.Role;
import io.patchflow.security.UserDirectory;
import io.patchflow.testsupport.ApiClient;

/**
 * The iCalendar feed and the import, over HTTP, as a calendar application and a change
 * manager meet them: the feed is read without signing in, lists only the user's
 * customers, and stops working when revoked or replaced; an import is all or nothing.
 */
class CalendarFeedIT extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    Customers customers;

    @Autowired
    UserDirectory users;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aFeedListsOnlyTheUsersCustomersAndStopsWorkingWhenRevokedOrReplaced() throws Exception {
        ApiClient api = api();
        String customer = tenant();
        String user = customer + "-cm";
        String blackoutStart = LocalDate.now(ZoneOffset.UTC).plusDays(3) + "T00:00:00Z";
        String blackoutEnd = LocalDate.now(ZoneOffset.UTC).plusDays(4) + "T00:00:00Z";
        assertThat(api.post(user, "/api/blackouts", java.util.Map.of("customerId", customer, "name",
                "Quarter close; finance, \"no changes\"", "start", blackoutStart, "end", blackoutEnd, "kind", "HARD"))
            .status()).isEqualTo(201);

        String feed = api.post(user, "/api/calendar-feed", "").json().path("url").asText();
        assertThat(feed).startsWith(api.url("/calendar/feed/")).endsWith(".ics");
        HttpResponse<String> read = anonymous(feed);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("text/calendar"));
        List<VEvent> events = events(read.body());
        assertThat(events).extracting(e -> e.getProperty(Property.SUMMARY).orElseThrow().getValue())
            .contains("HARD blackout Quarter close; finance, \"no changes\" (Feed IT " + customer + ")")
            .anySatisfy(s -> assertThat(s).startsWith("Maintenance window nightly (Feed IT " + customer + ")"))
            .noneMatch(s -> s.contains("Acme") || s.contains("Globex"));

        String davesFeed = api.post("dave", "/api/calendar-feed", "").json().path("url").asText();
        assertThat(events(anonymous(davesFeed).body()))
            .extracting(e -> e.getProperty(Property.SUMMARY).orElseThrow().getValue())
            .isNotEmpty()
            .noneMatch(s -> s.contains(customer));

        String replaced = api.post(user, "/api/calendar-feed", "").json().path("url").asText();
        assertThat(anonymous(feed).statusCode()).as("the old address after a new one").isEqualTo(404);
        assertThat(anonymous(replaced).statusCode()).isEqualTo(200);
        assertThat(api.delete(user, "/api/calendar-feed").status()).isEqualTo(204);
        HttpResponse<String> revoked = anonymous(replaced);
        HttpResponse<String> unknown = anonymous(api.url("/calendar/feed/" + "A".repeat(43) + ".ics"));
        assertThat(revoked.statusCode()).isEqualTo(404);
        assertThat(revoked.body()).as("a revoked address and one that never was answer alike")
            .isEqualTo(unknown.body());
        assertThat(api.delete(user, "/api/calendar-feed").status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT count(*) FROM calendar_feed WHERE username = ?")
            .param(user)
            .query(Long.class)
            .single()).isZero();
    }

    @Test
    void anImportIsAllOrNothingAndNamesTheRefusedEvent() throws Exception {
        ApiClient api = api();
        String customer = tenant();
        String user = customer + "-cm";
        String path = "/api/customers/" + customer + "/calendar-import?content=WINDOWS";
        String good = event("Patch Tuesday + 4", "TZID=Europe/Berlin:20270112T220000",
                "TZID=Europe/Berlin:20270113T020000", "RRULE:FREQ=MONTHLY;BYDAY=2TU");
        String bad = event("Three Saturdays", "TZID=Europe/Berlin:20270112T220000",
                "TZID=Europe/Berlin:20270113T020000", "RRULE:FREQ=WEEKLY;BYDAY=SA;COUNT=3");

        HttpResponse<String> refused = postCalendar(user, path, calendar(good + bad));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("event 2 ('Three Saturdays')").contains("recurrence");
        assertThat(windows(customer)).containsExactly("nightly");

        assertThat(postCalendar(customer + "-req", path, calendar(good)).statusCode()).as("a requester").isEqualTo(403);
        assertThat(postCalendar("gina", path, calendar(good)).statusCode()).as("not gina's customer").isEqualTo(404);
        assertThat(postCalendar(user, path, "BEGIN:VCALENDAR\r\nnot a calendar").statusCode()).isEqualTo(400);
        assertThat(postCalendar(user, path, calendar(good.replace("MONTHLY;BYDAY=2TU", "FORTNIGHTLY"))).body())
            .contains("not an iCalendar file")
            .contains("FORTNIGHTLY");
        assertThat(windows(customer)).containsExactly("nightly");

        HttpResponse<String> imported = postCalendar(user, path, calendar(good));
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        assertThat(windows(customer)).containsExactlyInAnyOrder("nightly", "Patch Tuesday + 4");
        assertThat(api.get(user, "/api/customers/" + customer + "/windows").json().findValuesAsText("recurrence"))
            .contains("FREQ=MONTHLY;BYDAY=2TU");

        String blackouts = "/api/customers/" + customer + "/calendar-import?content=BLACKOUTS&kind=SOFT";
        String freeze = event("Year-end freeze",
                "VALUE=DATE:" + LocalDate.now(ZoneOffset.UTC).plusDays(10).toString().replace("-", ""),
                "VALUE=DATE:" + LocalDate.now(ZoneOffset.UTC).plusDays(12).toString().replace("-", ""), null);
        assertThat(postCalendar(user, blackouts, calendar(good)).body()).contains("a blackout is a single event");
        HttpResponse<String> frozen = postCalendar(user, blackouts, calendar(freeze));
        assertThat(frozen.statusCode()).as(frozen.body()).isEqualTo(201);
        assertThat(jdbc.sql("SELECT kind FROM blackout WHERE customer_id = ? AND name = ?")
            .params(customer, "Year-end freeze")
            .query(String.class)
            .single()).isEqualTo("SOFT");
    }

    private String tenant() {
        String customer = "feed-" + Long.toString(System.nanoTime(), 36);
        customers.create(new Customer(customer, "Feed IT " + customer));
        users.create(new AppUser(customer + "-cm", "Casey", null, passwords.encode("demo"), true,
                Set.of(Role.CHANGE_MANAGER), Set.of(customer)));
        users.create(new AppUser(customer + "-req", "Robin", null, passwords.encode("demo"), true,
                Set.of(Role.REQUESTER), Set.of(customer)));
        assertThat(
                api()
                    .post(customer + "-cm", "/api/customers/" + customer + "/windows",
                            java.util.Map.of("name", "nightly", "timeZone", "UTC", "recurrence", "FREQ=DAILY", "start",
                                    "01:00", "durationMinutes", 60))
                    .status())
            .isEqualTo(201);
        return customer;
    }

    private List<String> windows(String customer) {
        return jdbc.sql("SELECT name FROM maintenance_window WHERE customer_id = ?")
            .param(customer)
            .query(String.class)
            .list();
    }

    private static String event(String summary, String start, String end, String rule) {
        return "BEGIN:VEVENT\r\nUID:" + summary.hashCode() + "@customer.example\r\nDTSTAMP:20261201T000000Z\r\n"
                + "SUMMARY:" + summary + "\r\nDTSTART;" + start + "\r\nDTEND;" + end + "\r\n"
                + (rule == null ? "" : rule + "\r\n") + "END:VEVENT\r\n";
    }

    private static String calendar(String events) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Customer//Windows//EN\r\n" + events + "END:VCALENDAR\r\n";
    }

    private HttpResponse<String> postCalendar(String user, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(api().url(path)))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "text/calendar")
            .header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> anonymous(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<VEvent> events(String ics) throws Exception {
        return new CalendarBuilder().build(new StringReader(ics)).getComponents(Component.VEVENT);
    }

}
