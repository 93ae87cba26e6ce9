package io.patchflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

import io.patchflow.agent.AgentRegistry;
import io.patchflow.testsupport.ApiClient;

/**
 * The agent API over HTTP: enrolment, leases, results applied once, clear 4xx for
 * everything else.
 */
class AgentApiIT extends IntegrationTest {

    @Autowired
    AgentRegistry registry;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void anEnrolmentTokenCannotEnrolAnotherCustomersHost() {
        ApiClient api = api();
        String globex = registry.issueEnrolmentToken("globex", Duration.ofMinutes(5), 3, "test");
        long before = jdbc.sql("SELECT COUNT(*) FROM agent").query(Long.class).single();

        ApiClient.Response refused = api.agentPost(null, "/agent/v1/enrol",
                Map.of("enrolmentToken", globex, "hostname", "acme-web-01"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.json().path("detail").asText()).contains("may not enrol host acme-web-01")
            .doesNotContain("acme\"");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM agent").query(Long.class).single()).isEqualTo(before);
        for (String customer : new String[] { "globex", "acme" }) {
            assertThat(jdbc
                .sql("SELECT COUNT(*) FROM audit_event WHERE customer_id = ? AND kind = 'AGENT_ENROLMENT_REFUSED' "
                        + "AND detail LIKE '%acme-web-01%'")
                .param(customer)
                .query(Long.class)
                .single()).as(customer).isPositive();
        }
        // in other letters it is the same host
        assertThat(api.agentPost(null, "/agent/v1/enrol", Map.of("enrolmentToken", globex, "hostname", "ACME-Web-01"))
            .status()).isEqualTo(403);
        // each refusal used one of the token's three uses, so probing another customer's
        // hostnames costs uses
        ApiClient.Response own = api.agentPost(null, "/agent/v1/enrol",
                Map.of("enrolmentToken", globex, "hostname", "globex-new-host-1"));
        assertThat(own.status()).as(own.body()).isEqualTo(201);
        assertThat(own.json().path("customerId").asText()).isEqualTo("globex");
        assertThat(api
            .agentPost(null, "/agent/v1/enrol", Map.of("enrolmentToken", globex, "hostname", "globex-new-host-2"))
            .status()).as("used up").isEqualTo(401);
    }

    @Test
    void agentEnrolsLeasesAndReportsOnceAndLaterAnswersChangeNothing() {
        ApiClient api = api();
        String token = registry.issueEnrolmentToken("acme", Duration.ofMinutes(5), 2, "test");
        // Take over acme-ws-05 from the simulator: enrolling again revokes the asset's
        // previous agent.
        JsonNode first = api
            .agentPost(null, "/agent/v1/enrol", Map.of("enrolmentToken", token, "hostname", "acme-ws-05"))
            .json();
        JsonNode agent = api
            .agentPost(null, "/agent/v1/enrol", Map.of("enrolmentToken", token, "hostname", "acme-ws-05"))
            .json();
        String credential = agent.path("agentId").asText() + "." + agent.path("agentSecret").asText();
        String revoked = first.path("agentId").asText() + "." + first.path("agentSecret").asText();
        assertThat(api.agentPost(revoked, "/agent/v1/jobs/lease", Map.of()).status()).isEqualTo(401);
        assertThat(api.agentPost(null, "/agent/v1/enrol", Map.of("enrolmentToken", token, "hostname", "acme-ws-05"))
            .status()).as("the token had two uses").isEqualTo(401);

        long tz = DemoLookup.patch(api, "alice", "debian:tzdata:");
        String change = api
            .post("alice", "/api/changes", Map.of("customerId", "acme", "title", "tzdata on ws-05", "patchIds",
                    List.of(tz), "assetIds", List.of(DemoLookup.asset(api, "alice", "acme", "acme-ws-05"))))
            .json()
            .path("id")
            .asText();

        JsonNode job = await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> api.agentPost(credential, "/agent/v1/jobs/lease", Map.of("max", 5)).json().path("jobs"),
                    j -> j.size() > 0)
            .get(0);
        assertThat(job.path("type").asText()).isEqualTo("INSTALL");
        assertThat(job.path("changeId").asText()).isEqualTo(change);
        assertThat(job.path("payload").path("patches").get(0).path("package").asText()).isEqualTo("tzdata");
        String jobId = job.path("jobId").asText();

        ApiClient.Response applied = api.agentPost(credential, "/agent/v1/jobs/" + jobId + "/result",
                Map.of("outcome", "SUCCEEDED", "detail", "installed"));
        assertThat(applied.status()).isEqualTo(200);
        assertThat(applied.json().path("applied").asBoolean()).isTrue();

        ApiClient.Response duplicate = api.agentPost(credential, "/agent/v1/jobs/" + jobId + "/result",
                Map.of("outcome", "FAILED", "detail", "changed my mind"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().path("detail").asText()).contains("already finished as SUCCEEDED");
        assertThat(api
            .agentPost(credential, "/agent/v1/jobs/00000000-0000-0000-0000-000000000000/result",
                    Map.of("outcome", "SUCCEEDED"))
            .status()).isEqualTo(404);
        assertThat(
                api.agentPost(credential, "/agent/v1/jobs/" + jobId + "/result", Map.of("outcome", "MAYBE")).status())
            .isEqualTo(400);

        // the duplicate changed nothing: the asset moves on to verification
        await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> api.get("alice", "/api/changes/" + change).json().path("assets").get(0).path("state").asText(),
                    state -> state.equals("VERIFYING"));
        JsonNode audit = api.get("alice", "/api/changes/" + change).json().path("audit");
        assertThat(audit.findValuesAsText("kind")).contains("AGENT_RESULT_IGNORED");
    }

    @Test
    void agentOfAnotherAssetMayNotAnswerAndForgedCredentialsAreRefused() {
        ApiClient api = api();
        String token = registry.issueEnrolmentToken("acme", Duration.ofMinutes(5), 1, "test");
        JsonNode stranger = api
            .agentPost(null, "/agent/v1/enrol", Map.of("enrolmentToken", token, "hostname", "unknown-host-1"))
            .json();
        assertThat(stranger.path("assetId").isNull() || stranger.path("assetId").isMissingNode()).isTrue();
        String credential = stranger.path("agentId").asText() + "." + stranger.path("agentSecret").asText();
        assertThat(api.agentPost(credential, "/agent/v1/jobs/lease", Map.of()).json().path("jobs").size()).isZero();

        long tz = DemoLookup.patch(api, "alice", "debian:tzdata:");
        String change = api
            .post("alice", "/api/changes", Map.of("customerId", "acme", "title", "tzdata on ws-01", "patchIds",
                    List.of(tz), "assetIds", List.of(DemoLookup.asset(api, "alice", "acme", "acme-ws-01"))))
            .json()
            .path("id")
            .asText();
        String someoneElsesJob = await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(300))
            .until(() -> jdbc.sql("SELECT id FROM agent_job WHERE change_id = ?")
                .param(io.patchflow.change.ChangeId.parse(change).value())
                .query(String.class)
                .optional(), o -> o.isPresent())
            .get();
        ApiClient.Response foreign = api.agentPost(credential, "/agent/v1/jobs/" + someoneElsesJob + "/result",
                Map.of("outcome", "SUCCEEDED"));
        assertThat(foreign.status()).isEqualTo(403);

        String forged = stranger.path("agentId").asText() + ".not-the-secret";
        assertThat(api.agentPost(forged, "/agent/v1/jobs/lease", Map.of()).status()).isEqualTo(401);
        assertThat(api.agentPost(null, "/agent/v1/jobs/lease", Map.of()).status()).isEqualTo(401);
        assertThat(api.agentPost(null, "/agent/v1/enrol", Map.of("enrolmentToken", "guess", "hostname", "h")).status())
            .isEqualTo(401);
    }

}
