package io.patchflow.ticketing.connectwise;

import java.util.Set;

import java.time.Duration;
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
 * ConnectWise PSA (Manage) service tickets over its REST API: notes as internal analysis
 * notes, incidents found again by {@code externalXRef}, statuses set by JSON Patch.
 * Settings and security role: docs/ticketing.md; ADR 0044.
 */
@Component
class ConnectWiseTicketingAdapter implements TicketingSystem {

    static final String SYSTEM = "connectwise";

    /** Where each stage leads unless the connection names its board's own statuses. */
    static final Map<TicketStage, String> DEFAULT_STAGES = Map.of(TicketStage.IMPLEMENTING, "In Progress",
            TicketStage.CLOSED, "In Progress,Completed");

    private static final Pattern TICKET_ID = Pattern.compile("#?([0-9]{1,18})");

    private static final int PAGE = 100;

    /** ConnectWise refuses a longer summary. */
    private static final int SUMMARY_MAX = 100;

    private final TicketingConnections connections;

    private final TicketingHttp http;

    @Autowired
    ConnectWiseTicketingAdapter(TicketingConnections connections, ObjectMapper json) {
        this(connections, json, TicketingHttp.TIMEOUT);
    }

    ConnectWiseTicketingAdapter(TicketingConnections connections, ObjectMapper json, Duration timeout) {
        this.connections = connections;
        this.http = new TicketingHttp(SYSTEM, json, timeout);
    }

    @Override
    public String system() {
        return SYSTEM;
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("clientId", "boardId", "company", "stages.");
    }

    /**
     * The description stays empty: ConnectWise takes {@code initialDescription} on create
     * only and never returns it.
     */
    @Override
    public TicketDetails find(String customerId, String reference) {
        TicketingConnection cw = connections.of(customerId, SYSTEM);
        JsonNode ticket = ticket(cw, id(reference));
        return new TicketDetails(ticket.path("id").asText(id(reference)), ticket.path("summary").asText(""),
                ticket.path("status").path("name").asText(""), "");
    }

    /** An internal analysis note: for the service team, not mailed to the contact. */
    @Override
    public void addNote(String customerId, String reference, String body, String marker) {
        TicketingConnection cw = connections.of(customerId, SYSTEM);
        http.send("POST", cw.resolve("/service/tickets/" + id(reference) + "/notes"), headers(cw), Map.of("text", body,
                "detailDescriptionFlag", false, "internalAnalysisFlag", true, "resolutionFlag", false));
    }

    @Override
    public boolean hasNote(String customerId, String reference, String marker) {
        TicketingConnection cw = connections.of(customerId, SYSTEM);
        String id = id(reference);
        for (int page = 1;; page++) {
            JsonNode notes = http.get(cw.resolve("/service/tickets/" + id + "/notes" + TicketingHttp.query("orderBy",
                    "id asc", "page", String.valueOf(page), "pageSize", String.valueOf(PAGE))), headers(cw));
            for (JsonNode note : notes) {
                if (note.path("text").asText("").contains(marker)) {
                    return true;
                }
            }
            if (notes.size() < PAGE) {
                return false;
            }
        }
    }

    @Override
    public String openIncident(String customerId, String title, String body, String marker) {
        TicketingConnection cw = connections.of(customerId, SYSTEM);
        String board = cw.required("boardId");
        String company = cw.required("company");
        if (!board.matches("[0-9]{1,18}")) {
            throw new TicketingException("the connectwise connection of customer " + customerId + " names board '"
                    + board + "'; boardId is the board's number");
        }
        if (marker.indexOf('"') >= 0 || marker.length() > 100) {
            throw new IllegalArgumentException("an externalXRef holds at most 100 characters and no quote: " + marker);
        }
        JsonNode found = http.get(cw.resolve("/service/tickets" + TicketingHttp.query("conditions",
                "externalXRef=\"" + marker + "\"", "fields", "id", "pageSize", "1")), headers(cw));
        if (!found.isEmpty()) {
            return found.get(0).path("id").asText();
        }
        Map<String, Object> ticket = Map.of("summary",
                title.length() > SUMMARY_MAX ? title.substring(0, SUMMARY_MAX - 1) + "…" : title, "board",
                Map.of("id", Long.parseLong(board)), "company", Map.of("identifier", company), "initialDescription",
                withMarker(body, marker), "externalXRef", marker);
        return http.send("POST", cw.resolve("/service/tickets"), headers(cw), ticket).path("id").asText();
    }

    @Override
    public String moveTo(String customerId, String reference, TicketStage stage) {
        TicketingConnection cw = connections.of(customerId, SYSTEM);
        String id = id(reference);
        JsonNode ticket = ticket(cw, id);
        String current = ticket.path("status").path("name").asText("");
        boolean closed = ticket.path("closedFlag").asBoolean(false);
        for (String next : StagePaths.of(cw, DEFAULT_STAGES).stepsTo(stage, current, closed)) {
            long status = statusId(cw, ticket.path("board"), next, id);
            http.send("PATCH", cw.resolve("/service/tickets/" + id), headers(cw),
                    List.of(new PatchOperation("replace", "status", Map.of("id", status))));
            String now = ticket(cw, id).path("status").path("name").asText("");
            if (!now.equalsIgnoreCase(next)) {
                throw new TicketTransitionException(
                        "ConnectWise ignored the status change from '" + current + "' to '" + next + "' on ticket " + id
                                + ": it is " + (now.equalsIgnoreCase(current) ? "still" : "now") + " '" + now + "'");
            }
            current = now;
        }
        return current;
    }

    /** One operation of a JSON Patch (RFC 6902), ConnectWise's way to update a ticket. */
    record PatchOperation(String op, String path, Object value) {
    }

    /** A status belongs to a board: the ticket's board must have one of that name. */
    private long statusId(TicketingConnection cw, JsonNode board, String name, String ticket) {
        if (!board.path("id").canConvertToLong()) {
            throw new TicketTransitionException(
                    "ConnectWise ticket " + ticket + " has no board to look statuses up on");
        }
        JsonNode statuses = http.get(cw.resolve("/service/boards/" + board.path("id").asLong() + "/statuses"
                + TicketingHttp.query("conditions", "name=\"" + name.replace("\"", "") + "\"", "fields", "id,name")),
                headers(cw));
        if (statuses.isEmpty()) {
            throw new TicketTransitionException("ConnectWise board '" + board.path("name").asText("") + "' of ticket "
                    + ticket + " has no status '" + name + "'; check the connection's stages settings");
        }
        return statuses.get(0).path("id").asLong();
    }

    private JsonNode ticket(TicketingConnection cw, String id) {
        return http.get(cw.resolve("/service/tickets/" + id), headers(cw));
    }

    private static Map<String, String> headers(TicketingConnection cw) {
        return Map.of("Authorization", TicketingHttp.basic(cw), "clientId", cw.required("clientId"));
    }

    private static String id(String reference) {
        var matcher = TICKET_ID.matcher(reference == null ? "" : reference.trim());
        if (!matcher.matches()) {
            throw new TicketNotFoundException("'" + reference + "' is not a ConnectWise ticket number");
        }
        return matcher.group(1);
    }

    static String withMarker(String body, String marker) {
        String text = body == null ? "" : body.stripTrailing();
        return text.endsWith(marker) ? text : text + "\n\n" + marker;
    }

}
