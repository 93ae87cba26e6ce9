package io.patchflow.ticketing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * JSON over HTTP for the ticketing adapters, with one meaning for every answer: 2xx is
 * the result; 404 is {@link TicketNotFoundException}; 401 and 403 are refused
 * credentials; 429 and 503 carry their {@code Retry-After}; anything else, a timeout or
 * an unreachable host is a {@link TicketingException} the outbox retries. Headers are
 * never logged or put in a message: they hold the credentials.
 */
public final class TicketingHttp {

    /** How long a call may take, connecting included. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final int SNIPPET = 300;

    private final HttpClient client;

    private final ObjectMapper json;

    private final String system;

    private final Duration timeout;

    public TicketingHttp(String system, ObjectMapper json) {
        this(system, json, TIMEOUT);
    }

    /**
     * With a shorter {@code timeout} than {@link #TIMEOUT}: the contract tests lose an
     * answer on purpose and should not wait 20 s for it.
     */
    public TicketingHttp(String system, ObjectMapper json, Duration timeout) {
        this.system = system;
        this.json = json;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
            .connectTimeout(timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    }

    /**
     * The {@code Authorization} value of HTTP Basic for the connection's account. Neither
     * part is ever put in a message.
     */
    public static String basic(TicketingConnection connection) {
        if (connection.username() == null || connection.username().isBlank() || connection.secret() == null
                || connection.secret().isBlank()) {
            throw new TicketingException("the " + connection.system() + " connection of customer "
                    + connection.customerId() + " has no username or secret saved");
        }
        String pair = connection.username() + ":" + connection.secret();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A query string ({@code ?a=1&b=2}) from names and values in turn, each value
     * percent-encoded (a space as {@code %20}, which every system reads as a space; some
     * read a {@code +} literally).
     */
    public static String query(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            query.append(i == 0 ? '?' : '&')
                .append(namesAndValues[i])
                .append('=')
                .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return query.toString();
    }

    /** GET, answering the parsed JSON body. */
    public JsonNode get(URI uri, Map<String, String> headers) {
        return send("GET", uri, headers, null);
    }

    /**
     * Sends {@code body} (serialized as JSON; none when null) and answers the parsed JSON
     * body, or a missing node when the answer has none (204).
     */
    public JsonNode send(String method, URI uri, Map<String, String> headers, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        else {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8));
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new TicketingException(system + " did not answer " + method + " " + uri.getPath() + ": " + e, null,
                    e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TicketingException(system + " call interrupted", null, e);
        }
        return read(method, uri, response);
    }

    private JsonNode read(String method, URI uri, HttpResponse<String> response) {
        int status = response.statusCode();
        String what = method + " " + uri.getPath();
        if (status >= 200 && status < 300) {
            String text = response.body();
            if (text == null || text.isBlank()) {
                return MissingNode.getInstance();
            }
            try {
                return json.readTree(text);
            }
            catch (JsonProcessingException e) {
                throw new TicketingException(
                        system + " answered " + what + " with a body that is not JSON: " + snippet(text), null, e);
            }
        }
        String answer = system + " answered " + status + " to " + what + snippet(response.body());
        if (status == 404) {
            throw new TicketNotFoundException(answer);
        }
        if (status == 401 || status == 403) {
            throw new TicketingException(system + " refused the saved credentials (" + status + ") for " + what);
        }
        Duration wait = (status == 429 || status == 503)
                ? retryAfter(response.headers().firstValue("Retry-After"), Instant.now()) : null;
        throw new TicketingException(answer, wait, null);
    }

    /**
     * A {@code Retry-After} value: seconds, or an HTTP date; null when absent or
     * unreadable.
     */
    static Duration retryAfter(Optional<String> header, Instant now) {
        if (header.isEmpty() || header.get().isBlank()) {
            return null;
        }
        String value = header.get().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        }
        catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            }
            catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private String write(Object body) {
        if (body instanceof String text) {
            return text;
        }
        try {
            return json.writeValueAsString(body);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable as JSON: " + body.getClass(), e);
        }
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return ": " + (flat.length() > SNIPPET ? flat.substring(0, SNIPPET) + "…" : flat);
    }

}
