package io.patchflow.change;

import java.net.URI;
import java.util.Locale;

import io.patchflow.shared.InvalidInputException;

/**
 * A check the agents run after installing, verifying or rolling back a change: COMMAND
 * names a command the host configured ({@code health.command.<name>} in the agent's
 * configuration; the server never sends a command line), SYSTEMD asks whether a unit is
 * active, HTTP probes a URL on the host and expects a status.
 */
public record HealthCheck(String type, String name, String unit, String url, Integer expectStatus) {

    public static final int MAX_PER_CHANGE = 10;

    /**
     * The same check, checked: a specific error names the field of check {@code index}.
     */
    public HealthCheck checked(int index) {
        String at = "healthChecks[" + index + "]";
        String kind = type == null ? "" : type.strip().toUpperCase(Locale.ROOT);
        switch (kind) {
            case "COMMAND" -> {
                if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
                    throw new InvalidInputException(at + ".name",
                            "a COMMAND check names a command the host configured: 1 to 64 letters, "
                                    + "digits, '.', '_' or '-'");
                }
                return new HealthCheck(kind, name, null, null, null);
            }
            case "SYSTEMD" -> {
                if (unit == null || !unit.matches("[A-Za-z0-9@._:-]{1,200}")) {
                    throw new InvalidInputException(at + ".unit", "a SYSTEMD check names a unit, e.g. nginx.service");
                }
                return new HealthCheck(kind, null, unit, null, null);
            }
            case "HTTP" -> {
                URI uri;
                try {
                    uri = url == null ? null : URI.create(url);
                }
                catch (IllegalArgumentException e) {
                    uri = null;
                }
                if (uri == null || uri.getHost() == null
                        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || url.length() > 500) {
                    throw new InvalidInputException(at + ".url",
                            "an HTTP check probes an http:// or https:// URL of at most 500 characters");
                }
                int status = expectStatus == null ? 200 : expectStatus;
                if (status < 100 || status > 599) {
                    throw new InvalidInputException(at + ".expectStatus",
                            "expectStatus is an HTTP status from 100 to 599");
                }
                return new HealthCheck(kind, null, null, url, status);
            }
            default -> throw new InvalidInputException(at + ".type", "type is COMMAND, SYSTEMD or HTTP");
        }
    }
}
