package io.patchflow.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * SIMULATED agents for demos and load tests. Each one enrols with a real enrolment token
 * and then behaves like an agent over the same HTTP API: it long-polls for jobs, "works"
 * for a random latency and reports a result (or, by the timeout rate, never answers). It
 * patches nothing. An agent with a package list in the settings reports it after
 * enrolling and, like the reference agent, again after each install or rollback job, with
 * the versions a successful job would have left: an update it "installed" is no longer
 * pending. Every agent is a chain of asynchronous requests on one shared HTTP client, not
 * a thread, so one process simulates thousands. Plain Java, so it also runs outside the
 * server ({@link FleetSimulatorMain}).
 */
public class FleetSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetSimulator.class);

    private static final String AGENT_VERSION = "simulator-2";

    private final URI server;

    private final SimulatorSettings settings;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final ObjectMapper json = new ObjectMapper();

    private final Random random;

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "fleet-simulator");
        thread.setDaemon(true);
        return thread;
    });

    private final List<SimulatedAgent> agents = new CopyOnWriteArrayList<>();

    /**
     * Jobs taken, and the outcome of those reported: a job delivered again is answered
     * again, as a real agent does from its state.
     */
    private final Set<String> handled = ConcurrentHashMap.newKeySet();

    private final Map<String, Boolean> reported = new ConcurrentHashMap<>();

    /** The package lists of the hosts that have one in the settings, by host name. */
    private final Map<String, SimulatedPackages> packages = new ConcurrentHashMap<>();

    private final AtomicBoolean running = new AtomicBoolean();

    private final AtomicLong results = new AtomicLong();

    record SimulatedAgent(String hostname, String credential) {
    }

    /**
     * {@code server} may have a path (a context path): the agent API is resolved below
     * it, as the reference agent does.
     */
    public FleetSimulator(URI server, SimulatorSettings settings, long seed) {
        this.server = server.toString().endsWith("/") ? server : URI.create(server + "/");
        this.settings = settings;
        this.random = new Random(seed);
    }

    /**
     * Enrols one simulated agent per hostname with the given enrolment token, several at
     * a time.
     */
    public void enrol(String enrolmentToken, List<String> hostnames) throws IOException, InterruptedException {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (String hostname : hostnames) {
            pending.add(enrolOne(enrolmentToken, hostname, 0).thenCompose(answer -> {
                SimulatedAgent agent = new SimulatedAgent(hostname,
                        answer.get("agentId").asText() + "." + answer.get("agentSecret").asText());
                agents.add(agent);
                SimulatorSettings.Host host = settings.inventory().get(hostname);
                if (host == null) {
                    return CompletableFuture.completedFuture(null);
                }
                packages.put(hostname, new SimulatedPackages(host.packages()));
                return reportInventory(agent, host.os());
            }));
            if (pending.size() >= 32) {
                join(pending);
            }
        }
        join(pending);
        log.info("[SIMULATED] {} simulated agent(s) enrolled", hostnames.size());
    }

    /**
     * One enrolment; a 429 (the server's per-address limit) is waited out and tried
     * again.
     */
    private CompletableFuture<JsonNode> enrolOne(String token, String hostname, int attempt) {
        return post("agent/v1/enrol", null,
                Map.of("enrolmentToken", token, "hostname", hostname, "simulated", true, "agentVersion", AGENT_VERSION),
                Duration.ofSeconds(60))
            .handle((answer, failure) -> {
                if (failure == null) {
                    return CompletableFuture.completedFuture(answer);
                }
                Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause()
                        : failure;
                if (cause != null && String.valueOf(cause.getMessage()).startsWith("HTTP 429") && attempt < 60) {
                    return CompletableFuture
                        .supplyAsync(() -> null, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS))
                        .thenCompose(ignored -> enrolOne(token, hostname, attempt + 1));
                }
                return CompletableFuture.<JsonNode>failedFuture(cause == null ? failure : cause);
            })
            .thenCompose(f -> f);
    }

    private static void join(List<CompletableFuture<Void>> pending) throws IOException {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        }
        catch (java.util.concurrent.CompletionException e) {
            throw new IOException("[SIMULATED] enrolment failed: " + e.getCause().getMessage(), e.getCause());
        }
        finally {
            pending.clear();
        }
    }

    /**
     * What a real agent sends after dpkg-query and an apt simulation; here it is the
     * host's simulated package list.
     */
    private CompletableFuture<Void> reportInventory(SimulatedAgent agent, String os) {
        List<Map<String, Object>> list = packages.get(agent.hostname()).report();
        return post("agent/v1/inventory", agent.credential(),
                Map.of("os", os, "rebootRequired", false, "packages", list), Duration.ofSeconds(60))
            .thenAccept(
                    answer -> log.info("[SIMULATED] agent {} reported {} package(s)", agent.hostname(), list.size()));
    }

    /**
     * Every agent starts polling, spread over one poll interval so they do not all knock
     * at once.
     */
    public void start() {
        running.set(true);
        long spread = Math.max(1, settings.pollInterval().toMillis());
        for (SimulatedAgent agent : agents) {
            long delay;
            synchronized (random) {
                delay = (long) (random.nextDouble() * spread);
            }
            scheduler.schedule(() -> poll(agent), delay, TimeUnit.MILLISECONDS);
        }
    }

    public int agentCount() {
        return agents.size();
    }

    /** Results reported so far, for load tests. */
    public long resultsReported() {
        return results.get();
    }

    private void poll(SimulatedAgent agent) {
        if (!running.get()) {
            return;
        }
        long wait = settings.longPoll().toSeconds();
        post("agent/v1/jobs/lease", agent.credential(), Map.of("max", 10, "waitSeconds", wait),
                Duration.ofSeconds(wait + 30))
            .whenComplete((answer, failure) -> {
                if (failure != null) {
                    if (running.get()) {
                        log.warn("[SIMULATED] agent {} could not poll: {}", agent.hostname(), failure.getMessage());
                        scheduler.schedule(() -> poll(agent), settings.pollInterval().toMillis(),
                                TimeUnit.MILLISECONDS);
                    }
                    return;
                }
                for (JsonNode job : answer.path("jobs")) {
                    String jobId = job.get("jobId").asText();
                    String type = job.get("type").asText();
                    String change = job.get("changeId").asText();
                    if (handled.add(jobId)) {
                        work(agent, jobId, type, change, job.path("payload"));
                    }
                    else if (reported.containsKey(jobId)) {
                        // delivered again (our answer was lost): answer it again from
                        // what we did
                        report(agent, jobId, type, change, reported.get(jobId), 1);
                    }
                }
                // a poll that came back empty right away (no wait, or jobs held back for
                // a window) waits a little
                long pause = answer.path("jobs").isEmpty() && wait == 0 ? settings.pollInterval().toMillis() : 0;
                scheduler.schedule(() -> poll(agent), pause, TimeUnit.MILLISECONDS);
            });
    }

    private void work(SimulatedAgent agent, String jobId, String type, String change, JsonNode payload) {
        double dice;
        long latency;
        synchronized (random) {
            dice = random.nextDouble();
            long spread = settings.latencyMax().toMillis() - settings.latencyMin().toMillis();
            latency = settings.latencyMin().toMillis() + (spread == 0 ? 0 : (long) (random.nextDouble() * spread));
        }
        if (dice < settings.timeoutRate()) {
            log.info("[SIMULATED] agent {}: {} for {} — simulating a silent agent (no answer)", agent.hostname(), type,
                    change);
            return;
        }
        boolean failing = dice < settings.timeoutRate() + settings.failureRate()
                || ("INSTALL".equals(type) && settings.failingHosts().contains(agent.hostname()));
        scheduler.schedule(() -> {
            SimulatedPackages host = packages.get(agent.hostname());
            if (host != null && !failing) {
                if ("INSTALL".equals(type)) {
                    host.install(change, payload.path("patches"));
                }
                else if ("ROLLBACK".equals(type)) {
                    host.rollBack(change);
                }
            }
            report(agent, jobId, type, change, !failing, 1);
        }, latency, TimeUnit.MILLISECONDS);
    }

    /**
     * Reports a result; one that is not accepted is sent again after a pause, up to five
     * times, as the reference agent does.
     */
    private void report(SimulatedAgent agent, String jobId, String type, String change, boolean succeeded,
            int attempt) {
        reported.put(jobId, succeeded);
        String outcome = succeeded ? "SUCCEEDED" : "FAILED";
        String detail = "[SIMULATED] " + type.toLowerCase() + (succeeded ? " succeeded" : " failed") + " on "
                + agent.hostname();
        post("agent/v1/jobs/" + jobId + "/result", agent.credential(), Map.of("outcome", outcome, "detail", detail),
                Duration.ofSeconds(30))
            .whenComplete((answer, failure) -> {
                if (failure == null) {
                    results.incrementAndGet();
                    log.debug("[SIMULATED] agent {}: {} for {} → {}", agent.hostname(), type, change, outcome);
                    SimulatorSettings.Host host = settings.inventory().get(agent.hostname());
                    if (host != null && ("INSTALL".equals(type) || "ROLLBACK".equals(type))) {
                        // As the reference agent does: what the job changed is in the
                        // inventory at once, not an hour later.
                        reportInventory(agent, host.os()).exceptionally(e -> {
                            log.warn("[SIMULATED] agent {} could not report its packages: {}", agent.hostname(),
                                    e.getMessage());
                            return null;
                        });
                    }
                }
                else if (running.get()) {
                    log.warn("[SIMULATED] agent {}: result for job {} not accepted (try {}): {}", agent.hostname(),
                            jobId, attempt, failure.getMessage());
                    if (attempt < 5 && !(failure.getMessage() != null && failure.getMessage().contains("HTTP 40"))) {
                        scheduler.schedule(() -> report(agent, jobId, type, change, succeeded, attempt + 1),
                                2L << attempt, TimeUnit.SECONDS);
                    }
                }
            });
    }

    private CompletableFuture<JsonNode> post(String path, String credential, Map<String, Object> body,
            Duration timeout) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(server.resolve(path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Patchflow-Agent-Protocol", "1")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            if (response.statusCode() / 100 != 2) {
                return CompletableFuture.failedFuture(
                        new IOException("HTTP " + response.statusCode() + " from " + path + ": " + response.body()));
            }
            try {
                return CompletableFuture.completedFuture(json.readTree(response.body()));
            }
            catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    @Override
    public void close() {
        running.set(false);
        scheduler.shutdownNow();
    }

}
