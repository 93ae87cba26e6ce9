package io.patchflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchChange.CabVote;
import io.patchflow.process.model.PatchChange.ReviewDecision;
import io.patchflow.testsupport.ApiClient;

/**
 * The README's REST walkthrough: a requester submits a normal change for two demo assets,
 * two approvers approve it, the simulated fleet deploys and verifies it, and it closes
 * successfully.
 */
class ApiWalkthroughIT extends IntegrationTest {

    @Test
    void normalChangeSubmittedOverTheApiIsApprovedDeployedAndClosed() {
        ApiClient api = api();
        long git = DemoLookup.patch(api, "alice", "debian:git:");
        long app1 = DemoLookup.asset(api, "alice", "acme", "acme-app-01");
        long app2 = DemoLookup.asset(api, "alice", "acme", "acme-app-02");

        ApiClient.Response submitted = api.post("alice", "/api/changes",
                Map.of("customerId", "acme", "title", "Git CVE-2025-48384 on the app servers", "patchIds", List.of(git),
                        "assetIds", List.of(app1, app2), "ticketReference", "SD-4711"));
        assertThat(submitted.status()).isEqualTo(201);
        String change = submitted.json().path("id").asText();
        assertThat(submitted.raw().headers().firstValue("Location")).contains("/api/changes/" + change);

        String review = awaitTask(api, "bob", change, PatchChange.TASK_REVIEW_TECHNICALLY).get(0);
        assertThat(api
            .post("bob", "/api/tasks/" + review + "/complete",
                    Map.of("variables", Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.APPROVE)))
            .status()).isEqualTo(204);
        List<String> seats = awaitTask(api, "bob", change, PatchChange.TASK_APPROVE_CHANGE);
        assertThat(seats).hasSize(3);
        assertThat(api
            .post("bob", "/api/tasks/" + seats.get(0) + "/complete",
                    Map.of("variables", Map.of(PatchChange.VAR_CAB_VOTE, CabVote.APPROVE)))
            .status()).isEqualTo(204);
        assertThat(api
            .post("carol", "/api/tasks/" + seats.get(1) + "/complete",
                    Map.of("variables", Map.of(PatchChange.VAR_CAB_VOTE, CabVote.APPROVE)))
            .status()).isEqualTo(204);

        await().atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> api.get("alice", "/api/changes/" + change).json().path("change").path("status").asText(),
                    "CLOSED"::equals);
        JsonNode details = api.get("alice", "/api/changes/" + change).json();
        assertThat(details.path("change").path("outcome").asText()).isEqualTo("SUCCESSFUL");
        assertThat(details.path("assets").findValuesAsText("state")).containsExactly("SUCCEEDED", "SUCCEEDED");
        assertThat(details.path("assets").findValuesAsText("simulated")).containsOnly("true");
        // every step with who and when
        assertThat(details.path("steps").findValuesAsText("performedBy")).contains("bob", "carol");
        assertThat(details.path("steps").findValuesAsText("name")).contains("Assess risk", "Review change technically",
                "Vote on change (CAB)", "Dispatch wave", "Request post-patch verification", "Close change");
        assertThat(details.path("audit").findValuesAsText("kind")).contains("CHANGE_SUBMITTED", "RISK_ASSESSED",
                "DECISION_TECHNICAL_REVIEW", "DECISION_CAB_VOTE", "WAVE_GATE_PASSED", "OUTCOME_SUCCESSFUL",
                "CHANGE_CLOSED");
        assertThat(details.path("tickets").get(0).path("reference").asText()).isEqualTo("SD-4711");
        // the closing note is a step of its own after the close (it reaches other
        // systems)
        await().atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> api.get("alice", "/api/changes/" + change)
                .json()
                .path("tickets")
                .get(0)
                .path("notes")
                .findValuesAsText("milestone"), m -> m.containsAll(List.of("ASSESSED", "CHANGE_CLOSED")));
    }

    @Test
    void serviceDeskLinksATicketAndTheApiIsDocumented() {
        ApiClient api = api();
        long tz = DemoLookup.patch(api, "alice", "debian:tzdata:");
        long ws = DemoLookup.asset(api, "alice", "acme", "acme-ws-02");
        String change = api
            .post("alice", "/api/changes",
                    Map.of("customerId", "acme", "title", "tzdata", "patchIds", List.of(tz), "assetIds", List.of(ws)))
            .json()
            .path("id")
            .asText();

        assertThat(api.post("erin", "/api/changes/" + change + "/tickets", Map.of("reference", "PSA-77")).status())
            .isEqualTo(201);
        assertThat(api.get("erin", "/api/changes/" + change).json().path("tickets").findValuesAsText("reference"))
            .contains("PSA-77");

        JsonNode openApi = api.get("erin", "/v3/api-docs").json();
        assertThat(openApi.path("paths").has("/api/changes")).isTrue();
        assertThat(openApi.path("paths").has("/api/tasks/{id}/complete")).isTrue();
        assertThat(openApi.path("paths").has("/api/changes/{id}/tickets")).isTrue();
    }

    static List<String> awaitTask(ApiClient api, String user, String change, String taskKey) {
        return await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(300))
            .until(() -> DemoLookup.taskIds(api, user, change, taskKey), ids -> !ids.isEmpty());
    }

}
