package io.patchflow.hostagent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs the health checks a job names. The server says which checks; the host decides what
 * they run: a COMMAND check names a command from this agent's configuration
 * ({@code health.command.<name>=...}), never a command line of the server's; an HTTP
 * probe goes to this host only (or hosts the configuration allows); a SYSTEMD check asks
 * whether a unit is active.
 */
final class HealthChecks {

    /** One check's outcome, reported to the server. */
    record Outcome(String check, boolean passed, String detail) {
    }

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final Map<String, String> commands;

    private final Set<String> allowedHttpHosts;

    private final Duration timeout;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HealthChecks(Map<String, String> commands, Set<String> allowedHttpHosts, Duration timeout) {
        this.commands = Map.copyOf(commands);
        this.allowedHttpHosts = Set.copyOf(allowedHttpHosts);
        this.timeout = timeout;
    }

    List<Outcome> runAll(JsonNode checks) {
        List<Outcome> outcomes = new ArrayList<>();
        if (checks == null || !checks.isArray()) {
            return outcomes;
        }
        for (JsonNode check : checks) {
            outcomes.add(runOne(check));
        }
        return outcomes;
    }

    Outcome runOne(JsonNode check) {
        String type = check.path("type").asText("");
        return switch (type) {
            case "COMMAND" -> command(check.path("name").asText(""));
            case "SYSTEMD" -> systemd(check.path("unit").asText(""));
            case "HTTP" -> http(check.path("url").asText(""), check.path("expectStatus").asInt(200));
            default -> new Outcome(type.isEmpty() ? "?" : type, false, "unknown health check type '" + type + "'");
        };
    }

    private Outcome command(String name) {
        String label = "command " + name;
        String command = commands.get(name);
        if (command == null) {
            return new Outcome(label, false,
                    "no command '" + name + "' is configured on this host (health.command." + name + ")");
        }
        Processes.Result r = Processes.run(List.of("/bin/sh", "-c", command), timeout);
        return new Outcome(label, r.ok(),
                r.ok() ? "exit 0" : (r.timedOut() ? "timed out" : "exit " + r.exitCode()) + ": " + r.tail());
    }

    private Outcome systemd(String unit) {
        String label = "systemd " + unit;
        if (!unit.matches("[A-Za-z0-9@._:-]{1,200}")) {
            return new Outcome(label, false, "'" + unit + "' is not a systemd unit name");
        }
        Processes.Result r = Processes.run(List.of("systemctl", "is-active", unit), Duration.ofSeconds(30));
        String state = r.stdout().strip();
        return new Outcome(label, r.exitCode() == 0, state.isEmpty() ? r.tail() : state);
    }

    private Outcome http(String url, int expected) {
        String label = "http " + url;
        URI uri;
        try {
            uri = URI.create(url);
        }
        catch (IllegalArgumentException e) {
            return new Outcome(label, false, "not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            return new Outcome(label, false, "only http:// and https:// URLs are probed");
        }
        if (!LOOPBACK.contains(uri.getHost()) && !allowedHttpHosts.contains(uri.getHost())) {
            return new Outcome(label, false,
                    "probes go to this host only; " + uri.getHost() + " is not in health.http.allow-hosts");
        }
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            boolean ok = response.statusCode() == expected;
            return new Outcome(label, ok, "HTTP " + response.statusCode() + (ok ? "" : ", expected " + expected));
        }
        catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new Outcome(label, false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

}
