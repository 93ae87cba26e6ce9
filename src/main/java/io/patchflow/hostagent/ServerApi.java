package io.patchflow.hostagent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The agent API of docs/agent-protocol.md, over the JDK's HTTP client. */
final class ServerApi {

    /** The protocol version this agent speaks; the server says which it accepts. */
    static final int PROTOCOL = 1;
    static final String PROTOCOL_HEADER = "Patchflow-Agent-Protocol";

    /** An answer that is not 2xx: its status and the server's problem detail. */
    static final class Refused extends IOException {

        final int status;

        final long retryAfterSeconds;

        Refused(int status, String detail, long retryAfterSeconds) {
            super("HTTP " + status + ": " + detail);
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
        }

    }

    private final URI server;

    private final String agentVersion;

    private final HttpClient http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();

    private String credential;

    ServerApi(URI server, String agentVersion) {
        this.server = server;
        this.agentVersion = agentVersion;
    }

    void useCredential(String credential) {
        this.credential = credential;
    }

    JsonNode enrol(String token, String hostname) throws IOException, InterruptedException {
        return post("agent/v1/enrol", Map.of("enrolmentToken", token, "hostname", hostname, "agentVersion",
                agentVersion, "protocolVersion", PROTOCOL), false, Duration.ofSeconds(30));
    }

    JsonNode heartbeat() throws IOException, InterruptedException {
        return post("agent/v1/heartbeat", Map.of("agentVersion", agentVersion, "protocolVersion", PROTOCOL), true,
                Duration.ofSeconds(30));
    }

    JsonNode inventory(Inventory.Report report) throws IOException, InterruptedException {
        return post("agent/v1/inventory", report, true, Duration.ofMinutes(2));
    }

    /** Waits up to {@code wait} on the server for jobs (long poll). */
    JsonNode lease(int max, Duration wait) throws IOException, InterruptedException {
        return post("agent/v1/jobs/lease", Map.of("max", max, "waitSeconds", wait.toSeconds()), true,
                wait.plusSeconds(30));
    }

    JsonNode progress(String jobId, String state, String detail) throws IOException, InterruptedException {
        return post("agent/v1/jobs/" + jobId + "/progress",
                detail == null ? Map.of("state", state) : Map.of("state", state, "detail", detail), true,
                Duration.ofSeconds(30));
    }

    JsonNode result(String jobId, int attempt, JobRunner.Report report) throws IOException, InterruptedException {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("outcome", report.outcome());
        body.put("detail", report.detail() == null ? null
                : report.detail().length() > 2000 ? report.detail().substring(0, 1999) + "…" : report.detail());
        body.put("attempt", attempt);
        if (report.evidence() != null) {
            body.put("evidence", report.evidence());
        }
        return post("agent/v1/jobs/" + jobId + "/result", body, true, Duration.ofSeconds(30));
    }

    JsonNode rotate() throws IOException, InterruptedException {
        return post("agent/v1/credentials/rotate", Map.of(), true, Duration.ofSeconds(30));
    }

    private JsonNode post(String path, Object body, boolean authenticated, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header(PROTOCOL_HEADER, Integer.toString(PROTOCOL))
            .header("User-Agent", "patchflow-agent/" + agentVersion)
            .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
        if (authenticated) {
            request.header("Authorization", "Bearer " + credential);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode answer = response.body().length == 0 ? Json.MAPPER.createObjectNode() : parse(response.body());
        if (response.statusCode() / 100 != 2) {
            long retryAfter = response.headers().firstValueAsLong("Retry-After").orElse(0);
            throw new Refused(response.statusCode(), answer.path("detail").asText(new String(response.body())),
                    retryAfter);
        }
        return answer;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        }
        catch (IOException e) {
            return Json.MAPPER.createObjectNode().put("detail", new String(body));
        }
    }

}
