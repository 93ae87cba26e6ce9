package io.patchflow.ticketing;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.audit.AuditTrail;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.TicketReference;
import io.patchflow.shared.Text;

/**
 * The inbound webhook: a ticketing system tells Patchflow a ticket's new status (ADR
 * 0045). A delivery is taken only when it is signed with the webhook secret an admin
 * saved for the customer and system (an HMAC-SHA256 of the raw body, compared in constant
 * time), fresh, and new: each event is applied once, in one transaction with the row that
 * records it, however often it arrives. Neither the secret nor the signature is ever
 * logged or stored.
 */
@Service
class TicketingWebhooks {

    private static final Logger log = LoggerFactory.getLogger(TicketingWebhooks.class);

    /** The largest body taken; a status update is a few kilobytes, Jira's up to ~100. */
    static final int MAX_BODY = 256 * 1024;

    /** How old an event may be when it arrives. */
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    /** How far ahead of this server's clock an event may be (the sender's clock). */
    static final Duration MAX_AHEAD = Duration.ofMinutes(1);

    /**
     * How long an event is remembered: far longer than {@link #MAX_AGE} plus
     * {@link #MAX_AHEAD}, after which a repeat is refused as stale anyway.
     */
    static final Duration REMEMBERED = Duration.ofDays(1);

    /** Signature headers, in the order they are looked for. */
    static final List<String> SIGNATURE_HEADERS = List.of("X-Hub-Signature-256", "X-Hub-Signature",
            "X-Patchflow-Signature");

    /** Timestamp headers (epoch seconds); when sent, the signature covers it. */
    static final List<String> TIMESTAMP_HEADERS = List.of("X-Patchflow-Timestamp", "X-Webhook-Timestamp");

    /** Event id headers, in the order they are looked for; then the payload's eventId. */
    static final List<String> EVENT_ID_HEADERS = List.of("X-Atlassian-Webhook-Identifier", "X-GitHub-Delivery",
            "X-Patchflow-Delivery", "X-Webhook-Id");

    static final String AUDIT_KIND = "TICKET_STATUS_UPDATED";

    private static final Pattern CUSTOMER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");

    private static final Pattern SYSTEM = Pattern.compile("[a-z0-9][a-z0-9_-]{0,29}");

    private static final Pattern EVENT_ID = Pattern.compile("[\\x21-\\x7e]{1,200}");

    private static final Pattern EPOCH_SECONDS = Pattern.compile("\\d{1,12}");

    private final TicketingConnections connections;

    private final TicketRepository tickets;

    private final TicketingWebhookEventRepository events;

    private final AuditTrail audit;

    private final ObjectMapper json;

    private final TransactionTemplate transactions;

    TicketingWebhooks(TicketingConnections connections, TicketRepository tickets,
            TicketingWebhookEventRepository events, AuditTrail audit, ObjectMapper json,
            TransactionTemplate transactions) {
        this.connections = connections;
        this.tickets = tickets;
        this.events = events;
        this.audit = audit;
        this.json = json;
        this.transactions = transactions;
    }

    /** What became of a delivery that was taken. */
    record Answer(HttpStatus status, String outcome, String eventId) {
    }

    /** A delivery that is not taken: the status says why, the message how to fix it. */
    static final class Refused extends RuntimeException {

        private final HttpStatus status;

        Refused(HttpStatus status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        HttpStatus status() {
            return status;
        }

    }

    /** The webhook of (customer, system) is not there, whatever the reason. */
    static Refused notFound() {
        return new Refused(HttpStatus.NOT_FOUND, "no webhook at this address");
    }

    static Refused tooLarge() {
        return new Refused(HttpStatus.PAYLOAD_TOO_LARGE, "the body is larger than " + MAX_BODY + " bytes");
    }

    /**
     * Verifies and applies one delivery.
     * @param body the request body exactly as it arrived
     * @throws Refused when it is not taken
     * @throws InvalidInputException when it is signed but not a status update
     */
    Answer receive(String customerId, String system, HttpHeaders headers, byte[] body, Instant now) {
        if (customerId == null || !CUSTOMER.matcher(customerId).matches() || system == null
                || !SYSTEM.matcher(system).matches()) {
            throw notFound();
        }
        if (body.length > MAX_BODY) {
            throw tooLarge();
        }
        // an unknown customer, a customer without this system and one without a webhook
        // secret get the same answer: the address reveals nothing
        String secret = connections.find(customerId, system)
            .map(TicketingConnection::webhookSecret)
            .filter(s -> !s.isEmpty())
            .orElseThrow(TicketingWebhooks::notFound);

        String signature = first(headers, SIGNATURE_HEADERS);
        if (signature == null) {
            throw new Refused(HttpStatus.UNAUTHORIZED, "unsigned: send X-Hub-Signature-256 (or X-Hub-Signature) "
                    + "with sha256=<hex HMAC-SHA256 of the raw body under the webhook secret>");
        }
        String timestampHeader = first(headers, TIMESTAMP_HEADERS);
        byte[] signed = timestampHeader == null ? body : WebhookSignature.withTimestamp(timestampHeader, body);
        if (!WebhookSignature.verifies(secret, signed, signature)) {
            throw new Refused(HttpStatus.UNAUTHORIZED,
                    "the signature does not match: it is sha256=<hex HMAC-SHA256> of the raw body"
                            + (timestampHeader == null ? "" : " prefixed with \"<timestamp>.\"")
                            + " under the webhook secret saved for this customer and system");
        }

        TicketStatusEvent event = TicketStatusEvent.read(parse(body));
        Instant at = timestampHeader != null ? epochSeconds(timestampHeader) : event.timestamp();
        fresh(at, now);
        String signedSha256 = WebhookSignature.sha256(signed);
        String eventId = eventId(headers, event, signedSha256);
        if (event.reference() != null) {
            TicketReference.check("reference", event.reference());
        }
        String status = event.status() == null ? null : Text.printable(event.status());

        try {
            Answer answer = transactions
                .execute(tx -> apply(customerId, system, eventId, signedSha256, event.reference(), status, at, now));
            log.info("Webhook event {} of {} for customer {}: {}", eventId, system, customerId, answer.outcome());
            return answer;
        }
        catch (DuplicateKeyException repeated) {
            // the same event, by its id or by what was signed, is recorded: by an earlier
            // delivery, or by one at the same time that committed first
            log.info("Webhook event {} of {} for customer {} repeated: already applied", eventId, system, customerId);
            return new Answer(HttpStatus.OK, "already applied", eventId);
        }
    }

    /**
     * Forgets the events received before {@link #REMEMBERED}; a repeat is stale by then.
     */
    int forget(Instant now) {
        return events.forget(now.minus(REMEMBERED));
    }

    private Answer apply(String customerId, String system, String eventId, String signedSha256, String reference,
            String status, Instant at, Instant now) {
        if (reference == null || status == null) {
            events.record(customerId, system, eventId, signedSha256, reference, "IGNORED_NO_STATUS", at, now);
            return new Answer(HttpStatus.ACCEPTED, "ignored: the event reports no ticket status", eventId);
        }
        Optional<TicketRepository.HeldStatus> held = tickets.heldStatusForUpdate(customerId, system, reference);
        if (held.isEmpty()) {
            // recorded all the same: the sender's retries of it stop here
            events.record(customerId, system, eventId, signedSha256, reference, "IGNORED_NOT_LINKED", at, now);
            return new Answer(HttpStatus.ACCEPTED, "ignored: not linked", eventId);
        }
        TicketRepository.HeldStatus ticket = held.get();
        if (ticket.readAt() != null && ticket.readAt().toInstant().isAfter(at)) {
            // events arrive in any order; an older one does not undo a newer status
            events.record(customerId, system, eventId, signedSha256, reference, "IGNORED_OLDER", at, now);
            return new Answer(HttpStatus.OK, "ignored: older than the status held", eventId);
        }
        boolean changed = !status.equals(ticket.status());
        events.record(customerId, system, eventId, signedSha256, reference, changed ? "APPLIED" : "UNCHANGED", at, now);
        tickets.statusRead(ticket.id(), status, at.atOffset(ZoneOffset.UTC));
        if (!changed) {
            return new Answer(HttpStatus.OK, "unchanged", eventId);
        }
        for (long change : tickets.changesLinkedTo(ticket.id())) {
            audit.record(customerId, change, system + " webhook", AUDIT_KIND,
                    system + " ticket " + reference + " is now " + status + " (event " + eventId + ")");
        }
        return new Answer(HttpStatus.OK, "applied", eventId);
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        }
        catch (JacksonException e) {
            throw new InvalidInputException("body", "the body is not valid JSON: " + e.getOriginalMessage());
        }
        catch (IOException e) {
            throw new InvalidInputException("body", "the body could not be read");
        }
    }

    private static void fresh(Instant at, Instant now) {
        if (at == null) {
            throw new Refused(HttpStatus.BAD_REQUEST, "the event has no time: send \"timestamp\" in the body "
                    + "(epoch milliseconds) or X-Webhook-Timestamp (epoch seconds, signed as <timestamp>.<body>)");
        }
        if (at.isBefore(now.minus(MAX_AGE))) {
            throw new Refused(HttpStatus.BAD_REQUEST,
                    "stale: the event is from " + at + ", more than " + MAX_AGE.toMinutes() + " minutes ago");
        }
        if (at.isAfter(now.plus(MAX_AHEAD))) {
            throw new Refused(HttpStatus.BAD_REQUEST, "the event is from " + at + ", more than " + MAX_AHEAD.toMinutes()
                    + " minute ahead of this server's clock");
        }
    }

    private static Instant epochSeconds(String header) {
        if (!EPOCH_SECONDS.matcher(header.strip()).matches()) {
            throw new Refused(HttpStatus.BAD_REQUEST, "the timestamp header is epoch seconds");
        }
        return Instant.ofEpochSecond(Long.parseLong(header.strip()));
    }

    /**
     * The sender's id of the event (the same on each of its retries); without one, the
     * hash of what was signed.
     */
    private static String eventId(HttpHeaders headers, TicketStatusEvent event, String signedSha256) {
        String id = first(headers, EVENT_ID_HEADERS);
        if (id == null) {
            id = event.eventId();
        }
        if (id == null) {
            return "sha256:" + signedSha256;
        }
        if (!EVENT_ID.matcher(id).matches()) {
            throw new InvalidInputException("eventId", "an event id is 1 to 200 printable ASCII characters");
        }
        return id;
    }

    private static String first(HttpHeaders headers, List<String> names) {
        for (String name : names) {
            String value = headers.getFirst(name);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

}
