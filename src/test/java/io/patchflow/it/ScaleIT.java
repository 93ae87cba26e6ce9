package io.patchflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

import com.fasterxml.jackson.databind.JsonNode;

import io.patchflow.agent.AgentRegistry;
import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.inventory.AssetSpec;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.DowntimeTolerance;
import io.patchflow.inventory.Environment;
import io.patchflow.inventory.Exposure;
import io.patchflow.inventory.Inventory;
import io.patchflow.security.AppUser;
import io.patchflow.security.Role;
import io.patchflow.security.UserDirectory;
import io.patchflow.simulator.FleetSimulator;
import io.patchflow.simulator.SimulatorSettings;
import io.patchflow.testsupport.ApiClient;

/**
 * One standard change across 2,000 assets, answered by 2,000 SIMULATED agents over the
 * real HTTP API: it completes, every asset ends SUCCEEDED, and the process instance stays
 * a handful of executions the whole time, because per-asset state lives in Patchflow's
 * tables (ADR 0002). Timing is printed for information only; docs/benchmarks.md has the
 * measurements.
 */
class ScaleIT extends IntegrationTest {

    static final int ASSETS = 2_000;

    @Autowired
    Customers customers;

    @Autowired
    Inventory inventory;

    @Autowired
    UserDirectory users;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    AgentRegistry registry;

    @Autowired
    RuntimeService runtime;

    @Autowired
    HistoryService history;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aStandardChangeAcrossTwoThousandAssetsCompletesWithASmallProcessInstance() throws Exception {
        ApiClient api = api();
        String customer = "scale-" + Long.toString(System.nanoTime(), 36);
        customers.create(new Customer(customer, "Scale " + customer));
        long window = inventory.createWindow(customer, "always", ZoneId.of("UTC"), EnumSet.allOf(DayOfWeek.class),
                LocalTime.MIDNIGHT, Duration.ofDays(1));
        List<Long> assets = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < ASSETS; i++) {
            String host = customer + "-" + String.format("%04d", i);
            hosts.add(host);
            // 1 % pilot ring, the rest in ring 1
            assets.add(
                    inventory
                        .save(new AssetSpec(customer, host, "Debian", "12", null, Criticality.LOW, Exposure.INTERNAL,
                                Environment.PRODUCTION, i < ASSETS / 100 ? 0 : 1, DowntimeTolerance.HIGH, null, window,
                                null, Set.of("fleet")))
                        .id());
        }
        String manager = customer + "-cm";
        users.create(new AppUser(manager, "Manager", null, passwords.encode("demo"), true,
                Set.of(Role.REQUESTER, Role.CHANGE_MANAGER), Set.of(customer)));
        // pre-approved: maintenance updates on the fleet; no bake time between the rings
        assertThat(api.post(manager, "/api/customers/" + customer + "/policy/templates",
                Map.of("name", "Fleet maintenance", "patchTypes", List.of("MAINTENANCE"), "maxCriticality", "LOW",
                        "rebootAllowed", false, "assetTag", "fleet"))
            .status()).isEqualTo(201);
        Map<String, Object> policy = new com.fasterxml.jackson.databind.ObjectMapper()
            .convertValue(api.get(manager, "/api/customers/" + customer + "/policy").json().path("policy"), Map.class);
        policy.put("bakeTime", "PT0S");
        assertThat(api.put(manager, "/api/customers/" + customer + "/policy", policy).status()).isEqualTo(200);

        SimulatorSettings settings = new SimulatorSettings(true, Duration.ofSeconds(2), Duration.ofSeconds(20),
                Duration.ofMillis(20), Duration.ofMillis(200), 0, 0, List.of(), Map.of());
        try (FleetSimulator fleet = new FleetSimulator(URI.create(api.url("/")), settings, 7)) {
            long started = System.nanoTime();
            fleet.enrol(registry.issueEnrolmentToken(customer, Duration.ofMinutes(30), ASSETS, "scale-it"), hosts);
            long enrolled = System.nanoTime();
            fleet.start();

            long tz = DemoLookup.patch(api, "alice", "debian:tzdata:");
            ApiClient.Response submitted = api.post(manager, "/api/changes", Map.of("customerId", customer, "title",
                    "tzdata fleet-wide", "patchIds", List.of(tz), "assetIds", assets));
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
            String change = submitted.json().path("id").asText();
            String instance = jdbc.sql("SELECT process_instance_id FROM change_request WHERE id = ?")
                .param(io.patchflow.change.ChangeId.parse(change).value())
                .query(String.class)
                .single();

            AtomicLong mostExecutions = new AtomicLong();
            long changeId = io.patchflow.change.ChangeId.parse(change).value();
            await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                mostExecutions.accumulateAndGet(runtime.createExecutionQuery().processInstanceId(instance).count(),
                        Math::max);
                return jdbc.sql("SELECT status FROM change_request WHERE id = ?")
                    .param(changeId)
                    .query(String.class)
                    .single();
            }, "CLOSED"::equals);
            long finished = System.nanoTime();
            JsonNode closed = api.get(manager, "/api/changes/" + change).json();

            assertThat(closed.path("change").path("changeType").asText()).isEqualTo("STANDARD");
            assertThat(closed.path("change").path("outcome").asText()).isEqualTo("SUCCESSFUL");
            String states = jdbc.sql("SELECT state, COUNT(*) AS n FROM change_asset WHERE change_id = ? GROUP BY state")
                .param(changeId)
                .query()
                .listOfRows()
                .toString();
            assertThat(jdbc.sql("SELECT COUNT(*) FROM change_asset WHERE change_id = ? AND state = 'SUCCEEDED'")
                .param(io.patchflow.change.ChangeId.parse(change).value())
                .query(Long.class)
                .single()).as(states.toString()).isEqualTo(ASSETS);
            // the engine never held an execution per asset
            assertThat(mostExecutions.get()).isLessThan(20);
            long activities = history.createHistoricActivityInstanceQuery().processInstanceId(instance).count();
            assertThat(activities).as("activities in the history, independent of the number of assets").isLessThan(150);
            System.out.printf(
                    "[ScaleIT %s] %d SIMULATED agents enrolled in %.1f s; change %s across %d assets closed %.1f s after submission;"
                            + " at most %d executions; %d activity instances; %d results reported%n",
                    DATABASE, ASSETS, (enrolled - started) / 1e9, change, ASSETS, (finished - enrolled) / 1e9,
                    mostExecutions.get(), activities, fleet.resultsReported());
        }
    }

}
