package io.patchflow.ticketing.webhook;

import java.util.Set;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.ticketing.TicketDetails;
import io.patchflow.ticketing.TicketStage;
import io.patchflow.ticketing.TicketingConnection;
import io.patchflow.ticketing.TicketingConnections;
import io.patchflow.ticketing.TicketingException;
import io.patchflow.ticketing.TicketingHttp;
import io.patchflow.ticketing.TicketingSystem;
import io.patchflow.ticketing.WebhookSignature;

/**
 * A generic outbound webhook, for a customer whose PSA has no adapter: every event is a
 * JSON POST to the connection's {@code baseUrl}, signed with the connection's secret
 * (docs/ticketing.md, "Webhooks"; ADR 0045). A webhook answers no questions, so
 * {@link #find} knows only the reference and {@link #hasNote} always says no: a note
 * whose answer was lost is sent again with the same {@code X-Patchflow-Delivery}, and the
 * receiver deduplicates on it.
 */
@Component
class WebhookTicketingAdapter implements TicketingSystem {

    static final String SYSTEM = "webhook";

    static final String SIGNATURE = "X-Patchflow-Signature";

    static final String TIMESTAMP = "X-Patchflow-Timestamp";

    static final String DELIVERY = "X-Patchflow-Delivery";

    static final String EVENT = "X-Patchflow-Event";

    /** The note keys Patchflow writes start with the change: {@code CHG-7:APPROVED}. */
    private static final Pattern CHANGE_IN_MARKER = Pattern.compile("(?:patchflow-note:)?(CHG-\\d+):.*");

    private final TicketingConnections connections;

    private final ObjectMapper json;

    private final TicketingHttp http;

    private final Clock clock;

    @Autowired
    WebhookTicketingAdapter(TicketingConnections connections, ObjectMapper json) {
        this(connections, json, Clock.systemUTC());
    }

    WebhookTicketingAdapter(TicketingConnections connections, ObjectMapper json, Clock clock) {
        this.connections = connections;
        this.json = json;
        this.http = new TicketingHttp(SYSTEM, json);
        this.clock = clock;
    }

    @Override
    public String system() {
        return SYSTEM;
    }

    @Override
    public Set<String> settingNames() {
        return Set.of();
    }

    /**
     * A webhook cannot be asked: the ticket is taken as it is named, its title is its
     * reference, and its status is not known (blank: Patchflow keeps the status it holds,
     * which the receiver may report through the inbound webhook).
     */
    @Override
    public TicketDetails find(String customerId, String reference) {
        connections.of(customerId, SYSTEM);
        return new TicketDetails(reference, reference, "", "");
    }

    @Override
    public void addNote(String customerId, String reference, String body, String marker) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", "note");
        event.put("reference", reference);
        event.put("body", body);
        event.put("marker", marker);
        Matcher change = CHANGE_IN_MARKER.matcher(marker);
        if (change.matches()) {
            event.put("changeId", change.group(1));
        }
        post(customerId, "note", marker, event);
    }

    /**
     * Always false: a webhook cannot be asked. The outbox then sends the note again after
     * a lost answer, with the same delivery id, and the receiver must drop the repeat.
     */
    @Override
    public boolean hasNote(String customerId, String reference, String marker) {
        return false;
    }

    /**
     * Sends {@code incident.open}; the receiver answers {@code {"reference": "..."}}, the
     * same reference for the same marker (delivery id) when it is sent again.
     */
    @Override
    public String openIncident(String customerId, String title, String body, String marker) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", "incident.open");
        event.put("title", title);
        event.put("body", body);
        event.put("marker", marker);
        JsonNode answer = post(customerId, "incident.open", marker, event);
        String reference = answer.path("reference").asText("");
        if (reference.isBlank()) {
            throw new TicketingException(
                    "the webhook receiver answered incident.open without a \"reference\" for the ticket it opened");
        }
        return reference;
    }

    /**
     * Sends {@code ticket.stage}. Moving a ticket to a stage twice changes nothing, so
     * each attempt has a delivery id of its own. Answers the receiver's {@code status}
     * when it gives one, else none (blank).
     */
    @Override
    public String moveTo(String customerId, String reference, TicketStage stage) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", "ticket.stage");
        event.put("reference", reference);
        event.put("stage", stage.name());
        JsonNode answer = post(customerId, "ticket.stage", "stage-" + UUID.randomUUID(), event);
        return answer.path("status").asText("");
    }

    private JsonNode post(String customerId, String eventName, String delivery, Map<String, Object> event) {
        TicketingConnection connection = connections.of(customerId, SYSTEM);
        String body = write(event);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        byte[] signed = WebhookSignature.withTimestamp(timestamp, body.getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SIGNATURE, WebhookSignature.sign(connection.secret(), signed));
        headers.put(TIMESTAMP, timestamp);
        headers.put(DELIVERY, delivery);
        headers.put(EVENT, eventName);
        return http.send("POST", connection.baseUrl(), headers, body);
    }

    private String write(Map<String, Object> event) {
        try {
            return json.writeValueAsString(event);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("a webhook event is always JSON", e);
        }
    }

}
