package io.patchflow.ticketing;

import java.util.Map;

/**
 * What an admin saves for a customer's ticketing system. A secret left out (null or
 * empty) keeps the one saved before; an empty {@code webhookSecret} removes it.
 *
 * @param active whether new tickets of the customer are linked in this system
 */
public record ConnectionSpec(String baseUrl, String username, String secret, Map<String, String> settings,
        String webhookSecret, Boolean active) {
}
