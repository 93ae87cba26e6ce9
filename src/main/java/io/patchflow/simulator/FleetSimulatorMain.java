package io.patchflow.simulator;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SIMULATED fleet as its own process, for load tests against a running server: <pre>
 * java -cp target/patchflow.jar -Dloader.main=io.patchflow.simulator.FleetSimulatorMain \
 *   org.springframework.boot.loader.launch.PropertiesLauncher \
 *   --server http://127.0.0.1:8080 --token ENROLMENT_TOKEN --hosts acme-host- --count 10000 \
 *   [--latency-min PT0.05S] [--latency-max PT0.5S] [--failure-rate 0.01] [--timeout-rate 0] [--long-poll PT20S] [--run PT10M]
 * </pre> Hostnames are {@code <hosts><number>}, numbered from 1 with five digits
 * (acme-host-00001); they must be assets of the token's customer for the agents to get
 * jobs.
 */
public final class FleetSimulatorMain {

    private FleetSimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        // Outside Spring Boot nothing configures logging; per-request debug lines would
        // drown the progress lines.
        if (org.slf4j.LoggerFactory
            .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.INFO);
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("options are --name value, not " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        for (String required : List.of("server", "token", "hosts", "count")) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + " is required (see the class comment for usage)");
            }
        }
        int count = Integer.parseInt(options.get("count"));
        List<String> hosts = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            hosts.add(options.get("hosts") + String.format("%05d", i));
        }
        SimulatorSettings settings = new SimulatorSettings(true, Duration.ofSeconds(2),
                Duration.parse(options.getOrDefault("long-poll", "PT20S")),
                Duration.parse(options.getOrDefault("latency-min", "PT0.05S")),
                Duration.parse(options.getOrDefault("latency-max", "PT0.5S")),
                Double.parseDouble(options.getOrDefault("failure-rate", "0")),
                Double.parseDouble(options.getOrDefault("timeout-rate", "0")), List.of(), Map.of());
        Duration run = Duration.parse(options.getOrDefault("run", "PT10M"));
        try (FleetSimulator fleet = new FleetSimulator(URI.create(options.get("server")), settings, 42)) {
            long started = System.nanoTime();
            fleet.enrol(options.get("token"), hosts);
            System.out.printf("[SIMULATED] %d agents enrolled in %.1f s; working for %s%n", count,
                    (System.nanoTime() - started) / 1e9, run);
            fleet.start();
            long until = System.nanoTime() + run.toNanos();
            while (System.nanoTime() < until) {
                Thread.sleep(Math.min(10_000, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
                System.out.printf("[SIMULATED] %d results reported%n", fleet.resultsReported());
            }
        }
    }

}
