package io.patchflow.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The agent API's load, from a process of its own: enrols N agents, then keeps
 * {@code concurrency} requests in flight for the measured time, half heartbeats and half
 * job polls (no waiting), each from a random agent, and prints one JSON line with
 * requests per second and latencies.
 * <pre>java -cp ... io.patchflow.bench.AgentLoad URL TOKEN HOST_PREFIX COUNT CONCURRENCY WARMUP_S MEASURE_S</pre>
 */
public final class AgentLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentLoad() {
    }

    public static void main(String[] args) throws Exception {
        URI server = URI.create(args[0]);
        String token = args[1];
        String prefix = args[2];
        int count = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        int warmup = Integer.parseInt(args[5]);
        int measure = Integer.parseInt(args[6]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        long enrolStart = System.nanoTime();
        String[] credentials = new String[count];
        Semaphore enrolling = new Semaphore(32);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            enrolling.acquire();
            String body = JSON.writeValueAsString(java.util.Map.of("enrolmentToken", token, "hostname",
                    prefix + String.format("%05d", n + 1), "simulated", true, "agentVersion", "bench-load"));
            all.add(http.sendAsync(post(server, "agent/v1/enrol", null, body), HttpResponse.BodyHandlers.ofString())
                .thenAccept(r -> {
                    try {
                        JsonNode e = JSON.readTree(r.body());
                        credentials[n] = e.path("agentId").asText() + "." + e.path("agentSecret").asText();
                    }
                    catch (Exception ex) {
                        throw new IllegalStateException(
                                "enrolment " + n + " failed: HTTP " + r.statusCode() + " " + r.body());
                    }
                })
                .whenComplete((v, e) -> enrolling.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double enrolSeconds = (System.nanoTime() - enrolStart) / 1e9;

        // closed loop: `concurrency` requests in flight all the time
        int capacity = 4_000_000;
        double[] heartbeat = new double[capacity];
        double[] poll = new double[capacity];
        AtomicInteger heartbeats = new AtomicInteger();
        AtomicInteger polls = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        AtomicLong throttled = new AtomicLong();
        long measureFrom = System.nanoTime() + warmup * 1_000_000_000L;
        long until = measureFrom + measure * 1_000_000_000L;
        Semaphore slots = new Semaphore(concurrency);
        while (System.nanoTime() < until) {
            slots.acquire();
            String credential = credentials[ThreadLocalRandom.current().nextInt(count)];
            boolean beat = ThreadLocalRandom.current().nextBoolean();
            long sent = System.nanoTime();
            HttpRequest request = beat
                    ? post(server, "agent/v1/heartbeat", credential, "{\"agentVersion\":\"bench-load\"}")
                    : post(server, "agent/v1/jobs/lease", credential, "{\"max\":10}");
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                long done = System.nanoTime();
                slots.release();
                if (e != null || r.statusCode() / 100 != 2) {
                    if (r != null && r.statusCode() == 429) {
                        throttled.incrementAndGet();
                    }
                    else {
                        errors.incrementAndGet();
                    }
                    return;
                }
                if (sent >= measureFrom && done <= until) {
                    double ms = (done - sent) / 1e6;
                    if (beat) {
                        int i = heartbeats.getAndIncrement();
                        if (i < capacity) {
                            heartbeat[i] = ms;
                        }
                    }
                    else {
                        int i = polls.getAndIncrement();
                        if (i < capacity) {
                            poll[i] = ms;
                        }
                    }
                }
            });
        }
        slots.acquire(concurrency);
        int h = Math.min(capacity, heartbeats.get());
        int p = Math.min(capacity, polls.get());
        double[] both = new double[h + p];
        System.arraycopy(heartbeat, 0, both, 0, h);
        System.arraycopy(poll, 0, both, h, p);
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("agents", count);
        out.put("enrolSeconds", Stats.round(enrolSeconds, 1));
        out.put("concurrency", concurrency);
        out.put("measuredSeconds", measure);
        out.put("requestsPerSecond", Stats.round((h + p) / (double) measure, 0));
        out.put("heartbeatsPerSecond", Stats.round(h / (double) measure, 0));
        out.put("pollsPerSecond", Stats.round(p / (double) measure, 0));
        out.put("p50Ms", Stats.round(Stats.percentile(both, both.length, 50), 2));
        out.put("p99Ms", Stats.round(Stats.percentile(both, both.length, 99), 2));
        out.put("heartbeatP99Ms", Stats.round(Stats.percentile(heartbeat, h, 99), 2));
        out.put("pollP99Ms", Stats.round(Stats.percentile(poll, p, 99), 2));
        out.put("errors", errors.get());
        out.put("throttled", throttled.get());
        System.out.println("AGENTLOAD " + JSON.writeValueAsString(out));
    }

    private static HttpRequest post(URI server, String path, String credential, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Patchflow-Agent-Protocol", "1")
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (credential != null) {
            b.header("Authorization", "Bearer " + credential);
        }
        return b.build();
    }

}
