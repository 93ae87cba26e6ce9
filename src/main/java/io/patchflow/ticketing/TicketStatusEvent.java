package io.patchflow.ticketing;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

import io.patchflow.shared.InvalidInputException;

/**
 * A ticket's new status as a ticketing system's webhook reports it, read from one of the
 * shapes Patchflow accepts (docs/ticketing.md, "Webhooks"):
 * <ul>
 * <li>Jira: {@code webhookEvent}, {@code issue.key}, {@code issue.fields.status.name},
 * {@code timestamp} (epoch milliseconds);</li>
 * <li>any other system: {@code reference}, {@code status}, {@code eventId} (optional),
 * {@code timestamp} (epoch milliseconds or an ISO-8601 instant).</li>
 * </ul>
 *
 * @param reference the ticket; null for an event about no ticket
 * @param status the ticket's status now; null when the event does not say (a Jira comment
 * event)
 * @param eventId the event's own id from the payload; null when it has none
 * @param timestamp when the system says the event happened; null when the payload does
 * not say
 */
record TicketStatusEvent(String reference, String status, String eventId, Instant timestamp) {

    static TicketStatusEvent read(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            throw new InvalidInputException("body", "the body is not a JSON object");
        }
        if (payload.has("webhookEvent")) {
            JsonNode issue = payload.path("issue");
            return new TicketStatusEvent(text(issue.path("key")),
                    text(issue.path("fields").path("status").path("name")), null, time(payload.path("timestamp")));
        }
        if (payload.has("reference") || payload.has("status")) {
            String reference = text(payload.path("reference"));
            String status = text(payload.path("status"));
            if (reference == null || status == null) {
                throw new InvalidInputException(reference == null ? "reference" : "status",
                        "a status update names the ticket (\"reference\") and its status (\"status\")");
            }
            return new TicketStatusEvent(reference, status, text(payload.path("eventId")),
                    time(payload.path("timestamp")));
        }
        throw new InvalidInputException("body",
                "neither a Jira issue event (webhookEvent, issue.key, issue.fields.status.name, timestamp) "
                        + "nor a status update (reference, status, eventId, timestamp)");
    }

    private static String text(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual() && !node.isNumber()) {
            throw new InvalidInputException("body", "a text field holds " + node.getNodeType());
        }
        String value = node.asText().strip();
        return value.isEmpty() ? null : value;
    }

    private static Instant time(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return Instant.ofEpochMilli(node.asLong());
        }
        if (node.isTextual()) {
            try {
                return Instant.parse(node.asText());
            }
            catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw new InvalidInputException("timestamp",
                "timestamp is epoch milliseconds or an ISO-8601 instant (2025-03-01T10:15:30Z)");
    }

}
