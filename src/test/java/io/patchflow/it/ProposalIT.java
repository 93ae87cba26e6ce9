package io.patchflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.patchflow.testsupport.ApiClient;

/**
 * The demo's SIMULATED agents report a pending Apache update on the web servers (for
 * CVE-2024-38475, which is in the real CISA KEV catalog with due date 2025-05-22) and a
 * pending tzdata update on three Globex lab machines. A proposal run turns them into an
 * emergency proposal per ring, due by the catalog's date, and a standard change that
 * starts by itself.
 */
class ProposalIT extends IntegrationTest {

    static final String APACHE = "debian:apache2:2.4.62-1~deb12u1";

    @Test
    void aPendingUpdateForAKnownExploitedCveBecomesAnEmergencyProposalDueByTheCatalogsDate() {
        ApiClient api = api();
        ApiClient.Response kev = api.postRaw("admin", "/api/admin/feeds/kev/import", realKevCatalog());
        assertThat(kev.status()).as(kev.body()).isEqualTo(200);
        assertThat(kev.json().path("records").asInt()).isEqualTo(1404);

        JsonNode proposal = awaitProposal(api, "acme", APACHE, 0);
        assertThat(proposal.path("status").asText()).isIn("OPEN", "ACCEPTED");
        assertThat(proposal.path("changeType").asText()).isEqualTo("EMERGENCY");
        assertThat(proposal.path("riskLevel").asText()).isIn("HIGH", "CRITICAL");
        assertThat(proposal.path("slaBand").asText()).isEqualTo("KNOWN_EXPLOITED");
        assertThat(proposal.path("slaDueAt").asText()).startsWith("2025-05-23T00:00");
        assertThat(proposal.path("slaBasis").asText()).startsWith("CISA KEV due date 2025-05-22");
        assertThat(proposal.path("explanation").asText()).contains("CISA KEV");
        long webServer = DemoLookup.asset(api, "alice", "acme", "acme-web-01");
        JsonNode details = api.get("alice", "/api/proposals/" + proposal.path("id").asLong()).json();
        assertThat(details.path("assetIds").toString()).isEqualTo("[" + webServer + "]");

        // Gina sees Globex only: the Acme proposal does not exist for her.
        assertThat(api.get("gina", "/api/proposals/" + proposal.path("id").asLong()).status()).isEqualTo(404);
        assertThat(api.post("bob", "/api/proposals/" + proposal.path("id").asLong() + "/accept", Map.of()).status())
            .isEqualTo(403);

        if (proposal.path("status").asText().equals("OPEN")) {
            ApiClient.Response accepted = api.post("alice",
                    "/api/proposals/" + proposal.path("id").asLong() + "/accept", Map.of());
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
            String change = accepted.json().path("id").asText();

            JsonNode assessed = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> api.get("alice", "/api/changes/" + change).json(),
                        c -> !c.path("assessment").isMissingNode() && !c.path("assessment").isNull());
            JsonNode assessment = assessed.path("assessment");
            assertThat(assessment.path("result").path("changeType").asText()).isEqualTo("EMERGENCY");
            assertThat(assessment.path("facts").path("kevDueDate").asText()).isEqualTo("2025-05-22");
            assertThat(assessment.path("result").path("slaBasis").asText()).startsWith("CISA KEV due date 2025-05-22");
            List<String> rules = new ArrayList<>();
            assessment.path("rules").forEach(r -> rules.add(r.path("description").asText()));
            assertThat(rules).anySatisfy(r -> assertThat(r).contains("CISA KEV"));
            // The change keeps the proposal's deadline.
            assertThat(assessed.path("change").path("requester").asText()).isEqualTo("alice");
            assertThat(
                    api.post("alice", "/api/proposals/" + proposal.path("id").asLong() + "/accept", Map.of()).status())
                .isEqualTo(409);
        }
    }

    @Test
    void theLabsPendingTzdataUpdateFitsTheStandardTemplateAndStartsByItself() {
        ApiClient api = api();
        run(api);
        JsonNode proposal = await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> find(api, "gina", "STARTED", "globex", "tzdata"), p -> p != null);

        assertThat(proposal.path("standardTemplate").asText()).isEqualTo("Lab maintenance updates");
        assertThat(proposal.path("assetCount").asInt()).isEqualTo(3);
        assertThat(proposal.path("decidedBy").asText()).isEqualTo("system");
        JsonNode change = api.get("gina", "/api/changes/CHG-" + proposal.path("changeId").asLong()).json();
        assertThat(change.path("change").path("requester").asText()).isEqualTo("system");
        assertThat(change.path("change").path("description").asText())
            .contains("standard change template \"Lab maintenance updates\"");
        // Gina sees Globex only, whatever the status.
        for (String status : List.of("OPEN", "ACCEPTED", "STARTED", "DISMISSED", "OBSOLETE")) {
            api.get("gina", "/api/proposals?status=" + status + "&size=200")
                .json()
                .path("items")
                .forEach(p -> assertThat(p.path("customerId").asText()).isEqualTo("globex"));
        }
    }

    /**
     * Issue 13: the demo's tzdata change ran 13 times in about 15 minutes. Now it runs
     * once: the simulated agents report the update installed, and runs that come after it
     * find nothing to propose.
     */
    @Test
    void theLabsTzdataChangeRunsOnceHoweverOftenTheRunComes() {
        ApiClient api = api();
        run(api);
        JsonNode started = await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> find(api, "gina", "STARTED", "globex", "tzdata"), p -> p != null);
        String change = "CHG-" + started.path("changeId").asLong();
        await().atMost(Duration.ofSeconds(180))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> api.get("gina", "/api/changes/" + change).json().path("change").path("status").asText(),
                    "CLOSED"::equals);
        // The agents reported their packages after the install: tzdata is no longer
        // pending.
        await().atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> pendingOnLabs(api), n -> n == 0);

        for (int i = 0; i < 3; i++) {
            String run = run(api);
            await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> api.get("admin", "/engine-rest/history/process-instance/" + run)
                    .json()
                    .path("state")
                    .asText(), "COMPLETED"::equals);
        }

        List<Long> tzdataChanges = new ArrayList<>();
        for (String status : List.of("OPEN", "ACCEPTED", "STARTED", "DISMISSED", "OBSOLETE")) {
            for (JsonNode p : api.get("gina", "/api/proposals?status=" + status + "&size=200").json().path("items")) {
                for (JsonNode patch : api.get("gina", "/api/proposals/" + p.path("id").asLong())
                    .json()
                    .path("patches")) {
                    if (patch.path("packageName").asText().equals("tzdata")) {
                        tzdataChanges.add(p.path("changeId").asLong());
                    }
                }
            }
        }
        assertThat(tzdataChanges).as("one tzdata proposal, the one that started " + change)
            .containsExactly(started.path("changeId").asLong());
        assertThat(api.get("gina", "/api/customers/globex/inventory?flag=UPDATE_STILL_PENDING").json().path("items"))
            .isEmpty();
    }

    /** The pending updates the Globex lab machines 02 to 04 report. */
    private static int pendingOnLabs(ApiClient api) {
        int pending = 0;
        for (JsonNode item : api.get("gina", "/api/customers/globex/inventory?size=200").json().path("items")) {
            if (item.path("asset").path("hostname").asText().matches("globex-lab-0[234]")) {
                pending += item.path("pendingUpdates").asInt();
            }
        }
        return pending;
    }

    /**
     * Starts a proposal run (as the administrator may) and waits until the proposal for
     * this patch and ring exists.
     */
    static JsonNode awaitProposal(ApiClient api, String customer, String vendorId, int ring) {
        run(api);
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (String status : List.of("OPEN", "ACCEPTED")) {
                for (JsonNode p : api.get("alice", "/api/proposals?status=" + status + "&size=200")
                    .json()
                    .path("items")) {
                    if (p.path("customerId").asText().equals(customer) && p.path("ring").asInt() == ring
                            && hasPatch(api, p.path("id").asLong(), vendorId)) {
                        return p;
                    }
                }
            }
            return null;
        }, p -> p != null);
    }

    private static JsonNode find(ApiClient api, String user, String status, String customer, String packageName) {
        for (JsonNode p : api.get(user, "/api/proposals?status=" + status + "&size=200").json().path("items")) {
            if (p.path("customerId").asText().equals(customer)) {
                for (JsonNode patch : api.get(user, "/api/proposals/" + p.path("id").asLong()).json().path("patches")) {
                    if (patch.path("packageName").asText().equals(packageName)) {
                        return p;
                    }
                }
            }
        }
        return null;
    }

    private static boolean hasPatch(ApiClient api, long proposal, String vendorId) {
        for (JsonNode patch : api.get("alice", "/api/proposals/" + proposal).json().path("patches")) {
            if (patch.path("vendorId").asText().equals(vendorId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the run's process instance id
     */
    private static String run(ApiClient api) {
        ApiClient.Response run = api.post("admin", "/api/admin/proposals/run", Map.of());
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        return run.json().path("processInstanceId").asText();
    }

    static String realKevCatalog() {
        try (InputStream in = ProposalIT.class.getResourceAsStream("/demo/kev/known_exploited_vulnerabilities.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
