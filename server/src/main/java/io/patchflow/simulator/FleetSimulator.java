package io.patchflow.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * SIMULATED agents for demos and load tests. Each one enrols with a real enrolment token and
 * then behaves like an agent over the same HTTP API: it polls, "works" for a random latency and
 * reports a result. It patches nothing. Plain Java, so it can also run outside the server.
 */
public class FleetSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetSimulator.class);
    private static final String AGENT_VERSION = "simulator-1";

    private final URI server;
    private final SimulatorSettings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Random random;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "fleet-simulator");
        thread.setDaemon(true);
        return thread;
    });
    private final List<SimulatedAgent> agents = new CopyOnWriteArrayList<>();
    private final Set<String> handled = ConcurrentHashMap.newKeySet();

    record SimulatedAgent(String hostname, String credential) {
    }

    public FleetSimulator(URI server, SimulatorSettings settings, long seed) {
        this.server = server;
        this.settings = settings;
        this.random = new Random(seed);
    }

    /** Enrols one simulated agent per hostname with the given enrolment token. */
    public void enrol(String enrolmentToken, List<String> hostnames) throws IOException, InterruptedException {
        for (String hostname : hostnames) {
            JsonNode answer = post("/agent/v1/enrol", null, Map.of("enrolmentToken", enrolmentToken, "hostname", hostname,
                    "simulated", true, "agentVersion", AGENT_VERSION), 201);
            SimulatedAgent agent = new SimulatedAgent(hostname, answer.get("agentId").asText() + "." + answer.get("agentSecret").asText());
            agents.add(agent);
            SimulatorSettings.Host host = settings.inventory().get(hostname);
            if (host != null) {
                reportInventory(agent, host);
            }
        }
        log.info("[SIMULATED] {} simulated agent(s) enrolled: {}", hostnames.size(), hostnames);
    }

    /** What a real agent sends after dpkg-query and an apt simulation; here it is read from the settings. */
    private void reportInventory(SimulatedAgent agent, SimulatorSettings.Host host) throws IOException, InterruptedException {
        List<Map<String, Object>> packages = new java.util.ArrayList<>();
        for (String line : host.packages()) {
            String[] words = line.strip().split("\\s+");
            Map<String, Object> pkg = new java.util.LinkedHashMap<>();
            pkg.put("name", words[0]);
            pkg.put("installed", words[1]);
            if (words.length > 2) {
                pkg.put("candidate", words[2]);
            }
            packages.add(pkg);
        }
        post("/agent/v1/inventory", agent.credential(), Map.of("os", host.os(), "rebootRequired", false, "packages", packages), 200);
        log.info("[SIMULATED] agent {} reported {} package(s)", agent.hostname(), packages.size());
    }

    public void start() {
        long period = settings.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::pollAll, period, period, TimeUnit.MILLISECONDS);
    }

    public int agentCount() {
        return agents.size();
    }

    private void pollAll() {
        for (SimulatedAgent agent : agents) {
            try {
                JsonNode jobs = post("/agent/v1/jobs/lease", agent.credential(), Map.of(), 200).path("jobs");
                for (JsonNode job : jobs) {
                    String jobId = job.get("jobId").asText();
                    if (handled.add(jobId)) {
                        work(agent, jobId, job.get("type").asText(), job.get("changeId").asText());
                    }
                }
            } catch (IOException e) {
                log.warn("[SIMULATED] agent {} could not poll: {}", agent.hostname(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void work(SimulatedAgent agent, String jobId, String type, String change) {
        double dice;
        long latency;
        synchronized (random) {
            dice = random.nextDouble();
            long spread = settings.latencyMax().toMillis() - settings.latencyMin().toMillis();
            latency = settings.latencyMin().toMillis() + (spread == 0 ? 0 : (long) (random.nextDouble() * spread));
        }
        if (dice < settings.timeoutRate()) {
            log.info("[SIMULATED] agent {}: {} for {} — simulating a silent agent (no answer)", agent.hostname(), type, change);
            return;
        }
        boolean failing = dice < settings.timeoutRate() + settings.failureRate()
                || ("INSTALL".equals(type) && settings.failingHosts().contains(agent.hostname()));
        scheduler.schedule(() -> report(agent, jobId, type, change, !failing), latency, TimeUnit.MILLISECONDS);
    }

    private void report(SimulatedAgent agent, String jobId, String type, String change, boolean succeeded) {
        String outcome = succeeded ? "SUCCEEDED" : "FAILED";
        String detail = "[SIMULATED] " + type.toLowerCase() + (succeeded ? " succeeded" : " failed") + " on " + agent.hostname();
        try {
            post("/agent/v1/jobs/" + jobId + "/result", agent.credential(), Map.of("outcome", outcome, "detail", detail), 200);
            log.info("[SIMULATED] agent {}: {} for {} → {}", agent.hostname(), type, change, outcome);
        } catch (IOException e) {
            log.warn("[SIMULATED] agent {}: result for job {} not accepted: {}", agent.hostname(), jobId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode post(String path, String credential, Map<String, Object> body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException("HTTP " + response.statusCode() + " from " + path + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
