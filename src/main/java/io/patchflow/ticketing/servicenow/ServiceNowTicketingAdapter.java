package io.patchflow.ticketing.servicenow;

import java.util.Set;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Autowired;
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
 * ServiceNow's Table API: incidents ({@code INC…}) and change requests ({@code CHG…}),
 * looked up by number (writes need the record's sys_id), notes as work notes, incidents
 * found again by {@code correlation_id}. Settings and roles: docs/ticketing.md; ADR 0044.
 */
@Component
class ServiceNowTicketingAdapter implements TicketingSystem {

    static final String SYSTEM = "servicenow";

    private static final Pattern NUMBER = Pattern.compile("([A-Za-z]+)[0-9]+");

    private static final String INCIDENT = "incident";

    private static final String CHANGE = "change_request";

    /** ServiceNow cuts a longer short description. */
    private static final int TITLE_MAX = 160;

    private final TicketingConnections connections;

    private final TicketingHttp http;

    @Autowired
    ServiceNowTicketingAdapter(TicketingConnections connections, ObjectMapper json) {
        this(connections, json, TicketingHttp.TIMEOUT);
    }

    ServiceNowTicketingAdapter(TicketingConnections connections, ObjectMapper json, Duration timeout) {
        this.connections = connections;
        this.http = new TicketingHttp(SYSTEM, json, timeout);
    }

    @Override
    public String system() {
        return SYSTEM;
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("incident.", "closeCode.", "closeNotes");
    }

    /** The fields of an incident or change request Patchflow reads. */
    private record Rec(String table, String sysId, String number, String title, String description, String state,
            String stateLabel, String type) {
    }

    @Override
    public TicketDetails find(String customerId, String reference) {
        Rec rec = lookup(connections.of(customerId, SYSTEM), reference);
        return new TicketDetails(rec.number(), rec.title(), rec.stateLabel(), rec.description());
    }

    @Override
    public void addNote(String customerId, String reference, String body, String marker) {
        TicketingConnection sn = connections.of(customerId, SYSTEM);
        Rec rec = lookup(sn, reference);
        http.send("PATCH", sn.resolve("/api/now/table/" + rec.table() + "/" + rec.sysId()), headers(sn),
                Map.of("work_notes", body));
    }

    /**
     * Looks in the journal: a record's own {@code work_notes} field reads back empty.
     */
    @Override
    public boolean hasNote(String customerId, String reference, String marker) {
        TicketingConnection sn = connections.of(customerId, SYSTEM);
        Rec rec = lookup(sn, reference);
        JsonNode found = http.get(sn.resolve("/api/now/table/sys_journal_field" + TicketingHttp.query("sysparm_query",
                "element_id=" + rec.sysId() + "^element=work_notes^valueLIKE" + queryValue(marker), "sysparm_fields",
                "sys_id", "sysparm_limit", "1")), headers(sn));
        return !found.path("result").isEmpty();
    }

    @Override
    public String openIncident(String customerId, String title, String body, String marker) {
        TicketingConnection sn = connections.of(customerId, SYSTEM);
        JsonNode found = http.get(
                sn.resolve("/api/now/table/incident" + TicketingHttp.query("sysparm_query",
                        "correlation_id=" + queryValue(marker), "sysparm_fields", "number", "sysparm_limit", "1")),
                headers(sn));
        if (!found.path("result").isEmpty()) {
            return found.path("result").get(0).path("number").asText();
        }
        Map<String, Object> incident = new LinkedHashMap<>();
        // the connection may set further fields: incident.assignment_group,
        // incident.caller_id, ...
        new TreeMap<>(sn.settings()).forEach((name, value) -> {
            if (name.startsWith("incident.")) {
                incident.put(name.substring("incident.".length()), value);
            }
        });
        incident.put("short_description", title.length() > TITLE_MAX ? title.substring(0, TITLE_MAX - 1) + "…" : title);
        incident.put("description", withMarker(body, marker));
        incident.put("correlation_id", marker);
        incident.put("correlation_display", "Patchflow");
        return http.send("POST", sn.resolve("/api/now/table/incident"), headers(sn), incident)
            .path("result")
            .path("number")
            .asText();
    }

    @Override
    public String moveTo(String customerId, String reference, TicketStage stage) {
        TicketingConnection sn = connections.of(customerId, SYSTEM);
        Rec rec = lookup(sn, reference);
        StateModel model = CHANGE.equals(rec.table()) ? StateModel.change(rec.type()) : StateModel.INCIDENT;
        String state = rec.state();
        String label = rec.stateLabel();
        for (String next : model.stepsTo(stage, state, rec.number())) {
            Map<String, Object> patch = new LinkedHashMap<>();
            patch.put("state", next);
            if (next.equals(model.closing())) {
                patch.put("close_code", sn.setting("closeCode." + rec.table(), model.closeCode()));
                patch.put("close_notes", sn.setting("closeNotes", "Closed by Patchflow: the patch change is closed."));
            }
            http.send("PATCH", sn.resolve("/api/now/table/" + rec.table() + "/" + rec.sysId()), headers(sn), patch);
            // a state change the state model does not allow can be dropped without an
            // error
            JsonNode now = http
                .get(sn.resolve("/api/now/table/" + rec.table() + "/" + rec.sysId()
                        + TicketingHttp.query("sysparm_fields", "state", "sysparm_display_value", "all")), headers(sn))
                .path("result");
            String nowState = value(now, "state");
            if (!nowState.equals(next)) {
                throw new TicketTransitionException("ServiceNow ignored the transition from " + named(label, state)
                        + " to " + named(model.label(next), next) + " on " + rec.number() + ": it is "
                        + (nowState.equals(state) ? "still " : "now ") + named(display(now, "state"), nowState)
                        + (CHANGE.equals(rec.table()) && (state.equals("-4") || state.equals("-3"))
                                ? "; a change leaves Assess and Authorize when its approvals are complete" : ""));
            }
            state = nowState;
            label = display(now, "state");
        }
        return label;
    }

    private Rec lookup(TicketingConnection sn, String reference) {
        String number = reference == null ? "" : reference.trim().toUpperCase(Locale.ROOT);
        Matcher matcher = NUMBER.matcher(number);
        String table = !matcher.matches() ? null : switch (matcher.group(1)) {
            case "INC" -> INCIDENT;
            case "CHG" -> CHANGE;
            default -> null;
        };
        if (table == null) {
            throw new TicketNotFoundException(
                    "'" + reference + "' is not a ServiceNow incident (INC…) or change request (CHG…) number");
        }
        String fields = "sys_id,number,short_description,description,state" + (CHANGE.equals(table) ? ",type" : "");
        JsonNode result = http.get(sn.resolve("/api/now/table/" + table
                + TicketingHttp.query("sysparm_query", "number=" + number, "sysparm_limit", "1", "sysparm_fields",
                        fields, "sysparm_display_value", "all", "sysparm_exclude_reference_link", "true")),
                headers(sn))
            .path("result");
        if (result.isEmpty()) {
            throw new TicketNotFoundException("ServiceNow has no " + table + " " + number);
        }
        JsonNode rec = result.get(0);
        return new Rec(table, value(rec, "sys_id"), value(rec, "number"), value(rec, "short_description"),
                value(rec, "description"), value(rec, "state"), display(rec, "state"), value(rec, "type"));
    }

    private static Map<String, String> headers(TicketingConnection sn) {
        return Map.of("Authorization", TicketingHttp.basic(sn));
    }

    /** A field read with {@code sysparm_display_value=all}, or plain. */
    private static String value(JsonNode rec, String field) {
        JsonNode node = rec.path(field);
        return (node.isObject() ? node.path("value") : node).asText("");
    }

    private static String display(JsonNode rec, String field) {
        JsonNode node = rec.path(field);
        return (node.isObject() ? node.path("display_value") : node).asText("");
    }

    private static String named(String label, String state) {
        return label.isEmpty() || label.equals(state) ? "state " + state : label + " (" + state + ")";
    }

    /** A value in an encoded query: a {@code ^} would start another condition. */
    private static String queryValue(String value) {
        if (value.indexOf('^') >= 0) {
            throw new IllegalArgumentException("a ServiceNow query value holds no '^': " + value);
        }
        return value;
    }

    static String withMarker(String body, String marker) {
        String text = body == null ? "" : body.stripTrailing();
        return text.endsWith(marker) ? text : text + "\n\n" + marker;
    }

    /**
     * The states of a table in the order Patchflow drives them, by their values (labels
     * are the instance's to rename). Change requests: ServiceNow's default state model,
     * whose path depends on the change's type.
     */
    record StateModel(List<String> path, Map<String, String> sameAs, List<String> finished,
            Map<TicketStage, String> targets, String closing, String closeCode, Map<String, String> labels) {

        /** On Hold counts as In Progress; Resolved is as far as Patchflow takes it. */
        static final StateModel INCIDENT = new StateModel(List.of("1", "2", "6", "7"), Map.of("3", "2"), List.of("8"),
                Map.of(TicketStage.IMPLEMENTING, "2", TicketStage.CLOSED, "6"), "6", "Solution provided", Map.of("1",
                        "New", "2", "In Progress", "3", "On Hold", "6", "Resolved", "7", "Closed", "8", "Canceled"));

        private static final Map<TicketStage, String> CHANGE_TARGETS = Map.of(TicketStage.IMPLEMENTING, "-1",
                TicketStage.CLOSED, "3");

        private static final Map<String, String> CHANGE_LABELS = Map.ofEntries(Map.entry("-5", "New"),
                Map.entry("-4", "Assess"), Map.entry("-3", "Authorize"), Map.entry("-2", "Scheduled"),
                Map.entry("-1", "Implement"), Map.entry("0", "Review"), Map.entry("3", "Closed"),
                Map.entry("4", "Canceled"));

        static StateModel change(String type) {
            List<String> path = switch (type) {
                case "standard" -> List.of("-5", "-2", "-1", "0", "3");
                case "emergency" -> List.of("-5", "-3", "-2", "-1", "0", "3");
                default -> List.of("-5", "-4", "-3", "-2", "-1", "0", "3");
            };
            return new StateModel(path, Map.of(), List.of("4"), CHANGE_TARGETS, "3", "successful", CHANGE_LABELS);
        }

        /**
         * The states to set, in order; none when the record is at the stage or beyond.
         */
        List<String> stepsTo(TicketStage stage, String state, String number) {
            String current = sameAs.getOrDefault(state, state);
            if (finished.contains(current)) {
                return List.of();
            }
            int at = path.indexOf(current);
            int target = path.indexOf(targets.get(stage));
            if (at < 0) {
                throw new TicketTransitionException("ServiceNow's " + number + " is in state " + state
                        + ", which is not on the path Patchflow drives (" + String.join(", ", path) + ")");
            }
            return at >= target ? List.of() : path.subList(at + 1, target + 1);
        }

        /** The state's default label, for messages about a state not read back. */
        String label(String state) {
            return labels.getOrDefault(state, "");
        }

    }

}
