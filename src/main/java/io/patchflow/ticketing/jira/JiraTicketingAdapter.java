package io.patchflow.ticketing.jira;

import java.util.Set;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.ticketing.StagePaths;
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
 * Jira Service Management (Jira Cloud's platform REST API, version 2: plain-text bodies,
 * no Atlassian Document Format). Settings and permissions: docs/ticketing.md; how an
 * incident is found again: ADR 0044.
 */
@Component
class JiraTicketingAdapter implements TicketingSystem {

    static final String SYSTEM = "jira";

    /** Where each stage leads unless the connection names its own workflow. */
    static final Map<TicketStage, String> DEFAULT_STAGES = Map.of(TicketStage.IMPLEMENTING, "In Progress",
            TicketStage.CLOSED, "In Progress,Done");

    private static final Pattern ISSUE_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*-[0-9]+");

    private static final Pattern PROJECT_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private static final int PAGE = 100;

    /** Jira refuses a longer summary. */
    private static final int SUMMARY_MAX = 255;

    private final TicketingConnections connections;

    private final TicketingHttp http;

    @Autowired
    JiraTicketingAdapter(TicketingConnections connections, ObjectMapper json) {
        this(connections, json, TicketingHttp.TIMEOUT);
    }

    JiraTicketingAdapter(TicketingConnections connections, ObjectMapper json, Duration timeout) {
        this.connections = connections;
        this.http = new TicketingHttp(SYSTEM, json, timeout);
    }

    @Override
    public String system() {
        return SYSTEM;
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("project", "issueType", "internalComments", "stages.");
    }

    @Override
    public TicketDetails find(String customerId, String reference) {
        TicketingConnection jira = connections.of(customerId, SYSTEM);
        JsonNode issue = issue(jira, key(reference), "summary,status,description");
        JsonNode fields = issue.path("fields");
        return new TicketDetails(issue.path("key").asText(reference), text(fields.path("summary")),
                text(fields.path("status").path("name")), text(fields.path("description")));
    }

    @Override
    public void addNote(String customerId, String reference, String body, String marker) {
        TicketingConnection jira = connections.of(customerId, SYSTEM);
        http.send("POST", jira.resolve("/rest/api/2/issue/" + key(reference) + "/comment"), headers(jira),
                comment(jira, body));
    }

    /**
     * A comment made through the platform API is shared with the customer on a service
     * project unless its {@code sd.public.comment} property says it is internal.
     */
    private static Map<String, Object> comment(TicketingConnection jira, String body) {
        if (!Boolean.parseBoolean(jira.setting("internalComments", "true"))) {
            return Map.of("body", body);
        }
        return Map.of("body", body, "properties",
                List.of(Map.of("key", "sd.public.comment", "value", Map.of("internal", true))));
    }

    @Override
    public boolean hasNote(String customerId, String reference, String marker) {
        TicketingConnection jira = connections.of(customerId, SYSTEM);
        String key = key(reference);
        int startAt = 0;
        while (true) {
            JsonNode page = http.get(
                    jira.resolve("/rest/api/2/issue/" + key + "/comment" + TicketingHttp.query("startAt",
                            String.valueOf(startAt), "maxResults", String.valueOf(PAGE), "orderBy", "created")),
                    headers(jira));
            JsonNode comments = page.path("comments");
            for (JsonNode comment : comments) {
                if (text(comment.path("body")).contains(marker)) {
                    return true;
                }
            }
            startAt += comments.size();
            if (comments.isEmpty() || startAt >= page.path("total").asInt(0)) {
                return false;
            }
        }
    }

    @Override
    public String openIncident(String customerId, String title, String body, String marker) {
        TicketingConnection jira = connections.of(customerId, SYSTEM);
        String project = jira.required("project");
        if (!PROJECT_KEY.matcher(project).matches()) {
            throw new TicketingException("the jira connection of customer " + customerId + " names project '" + project
                    + "', which is not a project key");
        }
        String label = label(marker);
        JsonNode found = http.get(jira.resolve("/rest/api/2/search/jql" + TicketingHttp.query("jql",
                "project = \"" + project + "\" AND labels = \"" + label + "\"", "fields", "key", "maxResults", "1")),
                headers(jira));
        JsonNode issues = found.path("issues");
        if (!issues.isEmpty()) {
            JsonNode first = issues.get(0);
            return first.hasNonNull("key") ? first.get("key").asText()
                    : issue(jira, first.path("id").asText(), "summary").path("key").asText();
        }
        Map<String, Object> fields = Map.of("project", Map.of("key", project), "issuetype",
                Map.of("name", jira.setting("issueType", "Incident")), "summary", summary(title), "description",
                withMarker(body, marker), "labels", List.of(label));
        return http.send("POST", jira.resolve("/rest/api/2/issue"), headers(jira), Map.of("fields", fields))
            .path("key")
            .asText();
    }

    @Override
    public String moveTo(String customerId, String reference, TicketStage stage) {
        TicketingConnection jira = connections.of(customerId, SYSTEM);
        String key = key(reference);
        JsonNode status = issue(jira, key, "status").path("fields").path("status");
        String current = text(status.path("name"));
        boolean done = "done".equals(status.path("statusCategory").path("key").asText());
        for (String next : StagePaths.of(jira, DEFAULT_STAGES).stepsTo(stage, current, done)) {
            String transition = transitionTo(jira, key, current, next);
            http.send("POST", jira.resolve("/rest/api/2/issue/" + key + "/transitions"), headers(jira),
                    Map.of("transition", Map.of("id", transition)));
            String now = text(issue(jira, key, "status").path("fields").path("status").path("name"));
            if (!now.equalsIgnoreCase(next)) {
                throw new TicketTransitionException(
                        "Jira ignored the transition from '" + current + "' to '" + next + "' on " + key + ": it is "
                                + (now.equalsIgnoreCase(current) ? "still" : "now") + " '" + now + "'");
            }
            current = now;
        }
        return current;
    }

    /** The id of the transition the issue offers now that leads to {@code next}. */
    private String transitionTo(TicketingConnection jira, String key, String current, String next) {
        JsonNode transitions = http.get(jira.resolve("/rest/api/2/issue/" + key + "/transitions"), headers(jira))
            .path("transitions");
        List<String> offered = new ArrayList<>();
        for (JsonNode transition : transitions) {
            String to = text(transition.path("to").path("name"));
            if (to.equalsIgnoreCase(next)) {
                return transition.path("id").asText();
            }
            offered.add(to);
        }
        throw new TicketTransitionException("Jira offers no transition from '" + current + "' to '" + next + "' on "
                + key + " (it offers: " + String.join(", ", offered) + "); check the connection's stages settings");
    }

    private JsonNode issue(TicketingConnection jira, String key, String fields) {
        return http.get(jira.resolve("/rest/api/2/issue/" + key + TicketingHttp.query("fields", fields)),
                headers(jira));
    }

    private static Map<String, String> headers(TicketingConnection jira) {
        return Map.of("Authorization", TicketingHttp.basic(jira));
    }

    /**
     * A reference that cannot be an issue key names no issue (and would change the path
     * if it went into the URL).
     */
    private static String key(String reference) {
        String key = reference == null ? "" : reference.trim();
        if (!ISSUE_KEY.matcher(key).matches()) {
            throw new TicketNotFoundException("'" + reference + "' is not a Jira issue key (like OPS-17)");
        }
        return key.toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * The label an incident carries so that a retry finds it again: a label holds no
     * spaces, and JQL is safest with letters, digits, dashes and underscores only.
     */
    static String label(String marker) {
        return "patchflow-" + marker.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    static String withMarker(String body, String marker) {
        String text = body == null ? "" : body.stripTrailing();
        return text.endsWith(marker) ? text : text + "\n\n" + marker;
    }

    private static String summary(String title) {
        return title.length() > SUMMARY_MAX ? title.substring(0, SUMMARY_MAX - 1) + "…" : title;
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asText() : "";
    }

}
