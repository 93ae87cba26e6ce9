package io.patchflow.ticketing;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach one customer's ticketing system: saved by an admin per customer and system
 * (the admin page and API), the secret decrypted only in memory. Never logged:
 * {@link #toString()} leaves the secret out.
 *
 * @param baseUrl where the system's API lives (e.g. {@code https://acme.atlassian.net})
 * @param username the account the adapter acts as (Jira: an e-mail; ServiceNow: a user;
 * ConnectWise: {@code company+publicKey}; Redmine: unused, the key is the secret)
 * @param secret the API token, password, private key or API key
 * @param settings the system's other fields, e.g. {@code project}, {@code clientId}
 * (docs/ticketing.md lists them per system)
 * @param webhookSecret the shared secret the system signs its webhook calls to Patchflow
 * with (HMAC-SHA256); null when it sends none
 */
public record TicketingConnection(String customerId, String system, URI baseUrl, String username, String secret,
        Map<String, String> settings, String webhookSecret) {

    public TicketingConnection {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(baseUrl, "baseUrl");
        settings = Map.copyOf(settings == null ? Map.of() : settings);
    }

    /** A connection without an inbound webhook. */
    public TicketingConnection(String customerId, String system, URI baseUrl, String username, String secret,
            Map<String, String> settings) {
        this(customerId, system, baseUrl, username, secret, settings, null);
    }

    /** A setting the adapter cannot work without. */
    public String required(String name) {
        String value = settings.get(name);
        if (value == null || value.isBlank()) {
            throw new TicketingException(
                    "the " + system + " connection of customer " + customerId + " has no setting '" + name + "'");
        }
        return value;
    }

    /** A setting with a default. */
    public String setting(String name, String otherwise) {
        String value = settings.get(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    /** The base URL with {@code path} appended (path starts with {@code /}). */
    public URI resolve(String path) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    @Override
    public String toString() {
        return "TicketingConnection[" + system + " for " + customerId + " at " + baseUrl + " as " + username
                + ", settings=" + settings + "]";
    }

}
