package io.patchflow.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real Redmine of ADR 0043, started by {@code scripts/redmine-test-server.sh} on
 * 127.0.0.1 once per test JVM, with a fresh database, and stopped when the JVM ends. A
 * machine without Redmine fails the test that asks for it, saying how to install it: CI
 * installs it ({@code .ci/run}), so a missing server is a broken build, never a skip.
 *
 * <p>
 * Also a small client of Redmine's REST API as its admin, for what a test sets up or
 * reads back behind the adapter's back.
 */
public final class RedmineTestServer {

    /** The admin's API key the script sets (40 hex digits, as Redmine makes them). */
    public static final String API_KEY = "0123456789abcdef0123456789abcdef01234567";

    /**
     * The status the script adds that no workflow reaches: Redmine ignores a move to it.
     */
    public static final String STATUS_NO_WORKFLOW_REACHES = "On Hold";

    private static final int PORT = Integer.getInteger("patchflow.test.redmine.port", 3000);

    private static final Path SCRIPT = RepositoryFiles.path("scripts", "redmine-test-server.sh");

    private static final ObjectMapper JSON = new ObjectMapper();

    private static RedmineTestServer instance;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RedmineTestServer() {
    }

    /** The server, started with a fresh database on the JVM's first call. */
    public static synchronized RedmineTestServer started() {
        if (instance == null) {
            if (!Files.isExecutable(SCRIPT)) {
                throw new IllegalStateException("no executable " + SCRIPT);
            }
            RedmineTestServer server = new RedmineTestServer();
            server.script("stop"); // one a killed test run left behind
            server.script("start", "--fresh");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.script("stop"), "redmine-stop"));
            instance = server;
        }
        return instance;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + PORT);
    }

    /** Stops the server (its data stays). */
    public void stop() {
        script("stop");
    }

    /** Starts the stopped server again, on the data it had. */
    public void start() {
        script("start");
    }

    public boolean running() {
        return run(List.of("status")) == 0;
    }

    /** Creates a private project (201), answering its identifier. */
    public String createProject(String identifier) {
        send("POST", "/projects.json", Map.of("project",
                Map.of("name", "Patchflow " + identifier, "identifier", identifier, "is_public", false)), 201);
        return identifier;
    }

    /** Creates an issue in the project (201), answering its number. */
    public String createIssue(String project, String subject, String description) {
        return send("POST", "/issues.json",
                Map.of("issue", Map.of("project_id", project, "subject", subject, "description", description)), 201)
            .path("issue")
            .path("id")
            .asText();
    }

    /** The issue as Redmine holds it, with its journals. */
    public JsonNode issue(String id) {
        return send("GET", "/issues/" + id + ".json?include=journals", null, 200).path("issue");
    }

    /** The notes of the issue's journals that have any, oldest first. */
    public List<String> notes(String id) {
        List<String> notes = new ArrayList<>();
        for (JsonNode journal : issue(id).path("journals")) {
            String text = journal.path("notes").asText("");
            if (!text.isBlank()) {
                notes.add(text);
            }
        }
        return notes;
    }

    /** The issues of the project, closed ones too. */
    public JsonNode issues(String project) {
        return send("GET", "/issues.json?status_id=*&limit=100&project_id=" + project, null, 200).path("issues");
    }

    /** The issue's status name. */
    public String status(String id) {
        return issue(id).path("status").path("name").asText();
    }

    /**
     * The statuses the issue was moved to, in order, as its journals record them (status
     * names, read from Redmine's list of statuses).
     */
    public List<String> statusChanges(String id) {
        Map<String, String> names = new java.util.HashMap<>();
        send("GET", "/issue_statuses.json", null, 200).path("issue_statuses")
            .forEach(st -> names.put(st.path("id").asText(), st.path("name").asText()));
        List<String> moves = new ArrayList<>();
        for (JsonNode journal : send("GET", "/issues/" + id + ".json?include=journals", null, 200).path("issue")
            .path("journals")) {
            for (JsonNode detail : journal.path("details")) {
                if ("attr".equals(detail.path("property").asText())
                        && "status_id".equals(detail.path("name").asText())) {
                    moves.add(names.getOrDefault(detail.path("new_value").asText(), detail.path("new_value").asText()));
                }
            }
        }
        return moves;
    }

    /** Sets the issue's status by id as the admin (204). */
    public void setStatus(String id, long statusId) {
        send("PUT", "/issues/" + id + ".json", Map.of("issue", Map.of("status_id", statusId)), 204);
    }

    private JsonNode send(String method, String path, Object body, int expected) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl().resolve(path))
                .timeout(Duration.ofSeconds(20))
                .header("X-Redmine-API-Key", API_KEY)
                .header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            else {
                request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != expected) {
                throw new IllegalStateException("Redmine answered " + response.statusCode() + " to " + method + " "
                        + path + " (expected " + expected + "): " + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        }
        catch (IOException e) {
            throw new IllegalStateException("Redmine did not answer " + method + " " + path, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void script(String... args) {
        int exit = run(List.of(args));
        if (exit == 2) {
            throw new IllegalStateException("Redmine is not installed on this machine, and the Redmine tests need "
                    + "the real server (ADR 0043). Install it once, as root: " + SCRIPT + " install");
        }
        if (exit != 0) {
            throw new IllegalStateException(SCRIPT + " " + String.join(" ", args) + " failed (exit " + exit
                    + "); see the output above and /tmp/redmine-run/server.log");
        }
    }

    /**
     * Runs the script; its output goes to this JVM's own stdout (which Failsafe captures)
     * rather than straight to the inherited descriptors.
     */
    private int run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(SCRIPT.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("REDMINE_PORT", String.valueOf(PORT));
        builder.environment().put("REDMINE_API_KEY", API_KEY);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String output;
            try (var out = process.getInputStream()) {
                // the script ends within its own 60 s wait; the server it starts has its
                // own log file
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            if (!output.isBlank()) {
                System.out.print("[redmine-test-server " + String.join(" ", args) + "] " + output);
            }
            return process.exitValue();
        }
        catch (IOException e) {
            throw new IllegalStateException("cannot run " + SCRIPT, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
