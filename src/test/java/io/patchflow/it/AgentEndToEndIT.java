package io.patchflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

import com.fasterxml.jackson.databind.JsonNode;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.inventory.Inventory;
import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchChange.CabVote;
import io.patchflow.process.model.PatchChange.GateDecision;
import io.patchflow.process.model.PatchChange.ReviewConclusion;
import io.patchflow.process.model.PatchChange.ReviewDecision;
import io.patchflow.security.AppUser;
import io.patchflow.security.Role;
import io.patchflow.security.UserDirectory;
import io.patchflow.testsupport.AgentSandbox;
import io.patchflow.testsupport.ApiClient;

/**
 * The whole way, with three real agent processes, each on its own sandbox root with its
 * own restic repository, against the real server: a normal change approved over the REST
 * API, a pilot that succeeds, a second wave in which one host gets a bad build whose
 * health check fails, the halt, the change manager's decision to stop and roll back the
 * failed host, that host back on the good version (dpkg says so), and the change closed
 * as partially successful with an incident.
 */
class AgentEndToEndIT extends IntegrationTest {

    private static final String PACKAGE = "demo-app";

    @Autowired
    Customers customers;

    @Autowired
    Inventory inventory;

    @Autowired
    UserDirectory users;

    @Autowired
    PasswordEncoder passwords;

    @TempDir
    Path dir;

    final List<AgentSandbox> agents = new ArrayList<>();

    @AfterEach
    void stopAgents() throws Exception {
        for (AgentSandbox agent : agents) {
            agent.close();
        }
    }

    @Test
    void aBadBuildOnOneHostHaltsTheWaveAndOnlyThatHostIsRolledBack() throws Exception {
        assertThat(AgentSandbox.AGENT_JAR).as("the agent module is built first (mvn verify at the top)").exists();
        ApiClient api = api();
        String customer = "e2e-" + Long.toString(System.nanoTime(), 36);
        customers.create(new Customer(customer, "End-to-end " + customer));
        long window = inventory.createWindow(customer, "always", ZoneId.of("UTC"), EnumSet.allOf(DayOfWeek.class),
                LocalTime.MIDNIGHT, Duration.ofDays(1));
        // HIGH criticality: a routine update on them is a normal change (technical review
        // and CAB), not a standard one
        Map<String, Long> assets = new java.util.LinkedHashMap<>();
        for (String host : List.of("pilot", "web-b", "web-c")) {
            String hostname = customer + "-" + host;
            assets.put(host, inventory.createAsset(customer, hostname, "Debian", "12", Criticality.HIGH,
                    Exposure.INTERNAL, host.equals("pilot") ? 0 : 1, window));
        }
        String requester = person(customer, "requester", Role.REQUESTER);
        String reviewer = person(customer, "reviewer", Role.APPROVER);
        String voter = person(customer, "voter", Role.APPROVER);
        String manager = person(customer, "manager", Role.CHANGE_MANAGER);

        // the customer's policy: a verified backup before every change, five seconds of
        // bake time
        JsonNode policy = api.get(manager, "/api/customers/" + customer + "/policy").json().path("policy");
        Map<String, Object> strict = JSON.convertValue(policy, Map.class);
        strict.put("backupAllChanges", true);
        strict.put("bakeTime", "PT5S");
        assertThat(api.put(manager, "/api/customers/" + customer + "/policy", strict).status()).isEqualTo(200);

        // three hosts on demo-app 2.0-1; the repository of web-c has a bad build of 3.0-1
        for (String host : assets.keySet()) {
            AgentSandbox sandbox = new AgentSandbox(dir, customer + "-" + host);
            sandbox.preinstall(sandbox.demoApp("2.0-1", true));
            sandbox.demoApp("3.0-1", !host.equals("web-c"));
            agents.add(sandbox);
        }
        String token = api
            .post(manager, "/api/customers/" + customer + "/enrolment-tokens", Map.of("uses", 3, "validForHours", 1))
            .json()
            .path("token")
            .asText();
        for (AgentSandbox agent : agents) {
            agent.start(api.url("/"), token);
        }

        // the agents report demo-app 3.0-1 pending, which puts it in the catalog
        long patch = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (JsonNode p : api.get(requester, "/api/patches?size=200").json().path("items")) {
                if (p.path("vendorId").asText().equals("debian:" + PACKAGE + ":3.0-1")) {
                    return p.path("id").asLong();
                }
            }
            return null;
        }, id -> id != null);

        ApiClient.Response submitted = api.post(requester, "/api/changes",
                Map.of("customerId", customer, "title", "demo-app 3.0", "patchIds", List.of(patch), "assetIds",
                        new ArrayList<>(assets.values()), "healthChecks",
                        List.of(Map.of("type", "COMMAND", "name", PACKAGE))));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String change = submitted.json().path("id").asText();

        String review = ApiWalkthroughIT.awaitTask(api, reviewer, change, PatchChange.TASK_REVIEW_TECHNICALLY).get(0);
        complete(api, reviewer, review, Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.APPROVE));
        // as many CAB votes as the routing table's quorum asks for, one person per seat
        int quorum = api.get(requester, "/api/changes/" + change)
            .json()
            .path("assessment")
            .path("result")
            .path("cabQuorum")
            .asInt();
        assertThat(quorum).isBetween(1, 2);
        List<String> seats = ApiWalkthroughIT.awaitTask(api, reviewer, change, PatchChange.TASK_APPROVE_CHANGE);
        List<String> voters = List.of(reviewer, voter);
        for (int i = 0; i < quorum; i++) {
            complete(api, voters.get(i), seats.get(i), Map.of(PatchChange.VAR_CAB_VOTE, CabVote.APPROVE));
        }

        // backups, the pilot, the bake, the second wave: web-c's health check fails and
        // the rollout halts
        List<String> decision = await().atMost(Duration.ofMinutes(4))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> DemoLookup.taskIds(api, manager, change, PatchChange.TASK_DECIDE_WAVE_GATE),
                    ids -> !ids.isEmpty());
        JsonNode halted = api.get(manager, "/api/changes/" + change).json();
        assertThat(halted.path("change").path("status").asText()).isEqualTo("WAVE_HALTED");
        Map<String, JsonNode> byHost = byHost(halted);
        assertThat(byHost.get("pilot").path("state").asText()).isEqualTo("INSTALLED");
        assertThat(byHost.get("web-b").path("state").asText()).isEqualTo("INSTALLED");
        assertThat(byHost.get("web-c").path("state").asText()).isEqualTo("INSTALL_FAILED");
        assertThat(byHost.get("web-c").path("detail").asText()).contains("health check failed")
            .contains("cannot parse");
        for (JsonNode asset : byHost.values()) {
            // each host's pre-patch restic snapshot, checked, is the evidence of its
            // backup
            assertThat(asset.path("evidence").path("snapshotId").asText()).as(asset.toString()).matches("[0-9a-f]{64}");
        }

        complete(api, manager, decision.get(0), Map.of(PatchChange.VAR_GATE_DECISION, GateDecision.STOP,
                PatchChange.VAR_GATE_COMMENT, "bad build on web-c; roll it back"));
        String implementationReview = await().atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> DemoLookup.taskIds(api, manager, change, PatchChange.TASK_REVIEW_IMPLEMENTATION),
                    ids -> !ids.isEmpty())
            .get(0);
        complete(api, manager, implementationReview, Map.of(PatchChange.VAR_REVIEW_CONCLUSION,
                ReviewConclusion.FOLLOW_UP, PatchChange.VAR_REVIEW_FINDINGS, "rebuild web-c's repository"));

        JsonNode closed = await().atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> api.get(manager, "/api/changes/" + change).json(),
                    c -> c.path("change").path("status").asText().equals("CLOSED"));
        assertThat(closed.path("change").path("outcome").asText()).isEqualTo("PARTIALLY_SUCCESSFUL");
        Map<String, JsonNode> finalStates = byHost(closed);
        assertThat(finalStates.get("pilot").path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(finalStates.get("web-b").path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(finalStates.get("web-c").path("state").asText()).isEqualTo("ROLLED_BACK");
        assertThat(closed.path("tickets").findValuesAsText("kind")).contains("INCIDENT");

        // what dpkg's database on each sandbox says
        assertThat(agents.get(0).installedVersion(PACKAGE)).isEqualTo("3.0-1");
        assertThat(agents.get(1).installedVersion(PACKAGE)).isEqualTo("3.0-1");
        assertThat(agents.get(2).installedVersion(PACKAGE)).as(agents.get(2).log()).isEqualTo("2.0-1");
        assertThat(Files.readString(agents.get(2).root.resolve("opt/demo-app/VERSION"))).isEqualTo("2.0-1\n");
        for (AgentSandbox agent : agents) {
            assertThat(agent.running()).as(agent.hostname + " still works:\n" + agent.log()).isTrue();
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private String person(String customer, String name, Role role) {
        String username = customer + "-" + name;
        users.create(new AppUser(username, name, null, passwords.encode("demo"), true, Set.of(role), Set.of(customer)));
        return username;
    }

    private static void complete(ApiClient api, String user, String task, Map<String, Object> variables) {
        ApiClient.Response done = api.post(user, "/api/tasks/" + task + "/complete", Map.of("variables", variables));
        assertThat(done.status()).as(done.body()).isEqualTo(204);
    }

    /** The change's assets by their short name (pilot, web-b, web-c). */
    private static Map<String, JsonNode> byHost(JsonNode change) {
        String customer = change.path("change").path("customerId").asText();
        Map<String, JsonNode> hosts = new java.util.HashMap<>();
        for (JsonNode asset : change.path("assets")) {
            hosts.put(asset.path("hostname").asText().substring(customer.length() + 1), asset);
        }
        return hosts;
    }

}
