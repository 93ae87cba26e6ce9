package io.patchflow.ticketing.redmine;

import java.util.Set;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.ticketing.TicketDetails;
import io.patchflow.ticketing.TicketNotFoundException;
import io.patchflow.ticketing.TicketStage;
import io.patchflow.ticketing.TicketingConnection;
import io.patchflow.ticketing.TicketingConnections;
import io.patchflow.ticketing.TicketTransitionException;
import io.patchflow.ticketing.TicketingException;
import io.patchflow.ticketing.TicketingHttp;
import io.patchflow.ticketing.TicketingSystem;

/**
 * Redmine's REST API (5.0), one customer's server per connection: the API key of the
 * account Patchflow acts as is the connection's secret and travels in
 * {@code X-Redmine-API-Key}, never in a URL (URLs end up in access logs). A ticket is an
 * issue, referenced by its number ({@code 123} or {@code #123}); a note is a journal
 * entry; an incident is an issue in the {@code project} setting. docs/ticketing.md lists
 * the settings; ADR 0043 says how this is tested against a real Redmine.
 */
@Component
public class RedmineTicketingAdapter implements TicketingSystem {

    public static final String SYSTEM = "redmine";

    /** The line an incident's description ends with, before its marker. */
    static final String INCIDENT_MARKER_PREFIX = "patchflow-incident:";

    /** The statuses a stage is reached through, when the connection names none. */
    static final Map<TicketStage, String> DEFAULT_STAGES = Map.of(TicketStage.IMPLEMENTING, "In Progress",
            TicketStage.CLOSED, "Resolved,Closed");

    private static final Pattern ISSUE_NUMBER = Pattern.compile("#?([1-9][0-9]{0,9})");

    private final TicketingConnections connections;

    private final TicketingHttp http;

    public RedmineTicketingAdapter(TicketingConnections connections, ObjectMapper json) {
        this.connections = connections;
        this.http = new TicketingHttp(SYSTEM, json);
    }

    @Override
    public String system() {
        return SYSTEM;
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("project", "incidentTracker", "stages.");
    }

    @Override
    public TicketDetails find(String customerId, String reference) {
        TicketingConnection redmine = connection(customerId);
        String id = issueNumber(reference);
        return details(id, issue(redmine, id, ""));
    }

    @Override
    public void addNote(String customerId, String reference, String body, String marker) {
        TicketingConnection redmine = connection(customerId);
        String id = issueNumber(reference);
        // 204 without a body: Redmine does not say which journal it wrote
        http.send("PUT", redmine.resolve("/issues/" + id + ".json"), headers(redmine),
                Map.of("issue", Map.of("notes", body)));
    }

    @Override
    public boolean hasNote(String customerId, String reference, String marker) {
        TicketingConnection redmine = connection(customerId);
        String id = issueNumber(reference);
        for (JsonNode journal : issue(redmine, id, "?include=journals").path("journals")) {
            if (holdsLine(journal.path("notes").asText(""), marker)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The marker goes on the description's last line, after
     * {@value #INCIDENT_MARKER_PREFIX}: the subject stays what a person reads in a list,
     * and Redmine 5.0 filters issues on their description ({@code description=~text}, SQL
     * {@code LIKE}), closed ones included with {@code status_id=*}. The filter only
     * narrows; the line itself is compared here, so a marker that merely contains this
     * one does not count.
     */
    @Override
    public String openIncident(String customerId, String title, String body, String marker) {
        TicketingConnection redmine = connection(customerId);
        String project = redmine.required("project");
        String markerLine = INCIDENT_MARKER_PREFIX + marker;
        Optional<String> existing = incidentMarked(redmine, project, markerLine);
        if (existing.isPresent()) {
            return existing.get();
        }
        Map<String, Object> issue = new LinkedHashMap<>();
        issue.put("project_id", project);
        issue.put("subject", title.length() > 255 ? title.substring(0, 254) + "…" : title);
        issue.put("description", body + "\n\n" + markerLine);
        String tracker = redmine.setting("incidentTracker", null);
        if (tracker != null) {
            issue.put("tracker_id", trackerId(redmine, tracker));
        }
        JsonNode created = http.send("POST", redmine.resolve("/issues.json"), headers(redmine), Map.of("issue", issue));
        String id = created.path("issue").path("id").asText("");
        if (id.isEmpty()) {
            throw new TicketingException("Redmine created no issue in project " + project + ": its answer has no id");
        }
        return id;
    }

    /**
     * Steps through the statuses the connection names for the stages
     * ({@code stages.IMPLEMENTING}, {@code stages.CLOSED}: comma-separated, in order),
     * from the one after the issue's current status up to {@code stage}'s last, reading
     * the issue back after each. An issue whose status is that one or a later one on the
     * path, or a status Redmine counts as closed, is left alone; one whose status is not
     * on the path (New, Feedback) starts at the first. Redmine answers 204 to a status
     * the workflow does not allow the account's role, and keeps the old one: the
     * read-back is the only way to tell.
     */
    @Override
    public String moveTo(String customerId, String reference, TicketStage stage) {
        TicketingConnection redmine = connection(customerId);
        String id = issueNumber(reference);
        List<String> path = new ArrayList<>();
        int target = -1;
        for (TicketStage each : TicketStage.values()) {
            path.addAll(statusesOf(redmine, each));
            if (each == stage) {
                target = path.size() - 1;
            }
        }
        JsonNode issue = issue(redmine, id, "");
        String current = issue.path("status").path("name").asText("");
        int at = lastIndexOf(path, current);
        if (issue.path("status").path("is_closed").asBoolean(false) || at >= target) {
            return current;
        }
        Map<String, Status> statuses = statuses(redmine);
        for (String next : path.subList(at + 1, target + 1)) {
            Status wanted = statuses.get(next.toLowerCase(Locale.ROOT));
            if (wanted == null) {
                throw new TicketTransitionException(
                        "Redmine has no issue status named '" + next + "' (the stages settings " + "of customer "
                                + customerId + "'s connection); it has " + names(statuses));
            }
            http.send("PUT", redmine.resolve("/issues/" + id + ".json"), headers(redmine),
                    Map.of("issue", Map.of("status_id", wanted.id())));
            JsonNode now = issue(redmine, id, "").path("status");
            if (now.path("id").asLong(-1) != wanted.id()) {
                throw new TicketTransitionException("Redmine did not move issue #" + id + " from '" + current + "' to '"
                        + next + "': it accepted the change but the issue is still '" + now.path("name").asText("")
                        + "' (its workflow does not allow that status for the account's role)");
            }
            current = now.path("name").asText(next);
        }
        return current;
    }

    private TicketingConnection connection(String customerId) {
        return connections.of(customerId, SYSTEM);
    }

    private JsonNode issue(TicketingConnection redmine, String id, String query) {
        JsonNode issue = http.get(redmine.resolve("/issues/" + id + ".json" + query), headers(redmine)).path("issue");
        if (issue.isMissingNode()) {
            throw new TicketingException("Redmine answered GET /issues/" + id + ".json without an issue");
        }
        return issue;
    }

    private Optional<String> incidentMarked(TicketingConnection redmine, String project, String markerLine) {
        URI search = redmine.resolve("/issues.json?project_id=" + encode(project) + "&status_id=*&description="
                + encode("~" + markerLine) + "&sort=id&limit=100");
        for (JsonNode issue : http.get(search, headers(redmine)).path("issues")) {
            if (holdsLine(issue.path("description").asText(""), markerLine)) {
                return Optional.of(issue.path("id").asText());
            }
        }
        return Optional.empty();
    }

    private long trackerId(TicketingConnection redmine, String tracker) {
        List<String> names = new ArrayList<>();
        for (JsonNode each : http.get(redmine.resolve("/trackers.json"), headers(redmine)).path("trackers")) {
            String name = each.path("name").asText("");
            if (name.equalsIgnoreCase(tracker) || each.path("id").asText().equals(tracker)) {
                return each.path("id").asLong();
            }
            names.add(name);
        }
        throw new TicketingException("Redmine has no tracker named '" + tracker + "' (setting incidentTracker of "
                + redmine.customerId() + "'s connection); it has " + names);
    }

    private Map<String, Status> statuses(TicketingConnection redmine) {
        Map<String, Status> byName = new LinkedHashMap<>();
        for (JsonNode each : http.get(redmine.resolve("/issue_statuses.json"), headers(redmine))
            .path("issue_statuses")) {
            String name = each.path("name").asText("");
            byName.putIfAbsent(name.toLowerCase(Locale.ROOT), new Status(each.path("id").asLong(), name));
        }
        return byName;
    }

    /** The statuses {@code stage} is reached through, in order. */
    static List<String> statusesOf(TicketingConnection redmine, TicketStage stage) {
        List<String> names = new ArrayList<>();
        for (String name : redmine.setting("stages." + stage.name(), DEFAULT_STAGES.get(stage)).split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        return names;
    }

    private static int lastIndexOf(List<String> path, String status) {
        for (int i = path.size() - 1; i >= 0; i--) {
            if (path.get(i).equalsIgnoreCase(status)) {
                return i;
            }
        }
        return -1;
    }

    /** The issue number in {@code 123} or {@code #123}. */
    static String issueNumber(String reference) {
        var matcher = ISSUE_NUMBER.matcher(reference == null ? "" : reference.trim());
        if (!matcher.matches()) {
            throw new TicketNotFoundException(
                    "'" + reference + "' is not a Redmine issue: a Redmine ticket is its issue number, e.g. 123");
        }
        return matcher.group(1);
    }

    /**
     * Whether a line of {@code text} is {@code line}: Redmine stores text with CRLF line
     * ends, and a marker that merely starts with this one must not count.
     */
    static boolean holdsLine(String text, String line) {
        return text.lines().anyMatch(each -> each.strip().equals(line));
    }

    private static TicketDetails details(String id, JsonNode issue) {
        return new TicketDetails(id, issue.path("subject").asText(""), issue.path("status").path("name").asText(""),
                issue.path("description").asText(""));
    }

    private static Map<String, String> headers(TicketingConnection redmine) {
        if (redmine.secret() == null || redmine.secret().isBlank()) {
            throw new TicketingException("the redmine connection of customer " + redmine.customerId()
                    + " has no API key; an admin adds it under Ticketing");
        }
        return Map.of("X-Redmine-API-Key", redmine.secret());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<String> names(Map<String, Status> statuses) {
        return statuses.values().stream().map(Status::name).toList();
    }

    private record Status(long id, String name) {
    }

}
