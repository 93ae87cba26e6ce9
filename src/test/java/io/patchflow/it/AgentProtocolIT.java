package io.patchflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.inventory.Inventory;
import io.patchflow.security.AppUser;
import io.patchflow.security.Role;
import io.patchflow.security.UserDirectory;
import io.patchflow.testsupport.ApiClient;

/**
 * The hardened agent protocol on the real server: enrolment tokens issued over the API,
 * the server's key at enrolment, a long poll answered when work arrives, signed change
 * tokens, progress, results with evidence answered idempotently, rotation, revocation and
 * its audit.
 */
class AgentProtocolIT extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    Customers customers;

    @Autowired
    Inventory inventory;

    @Autowired
    UserDirectory users;

    @Autowired
    PasswordEncoder passwords;

    @Test
    void anAgentLongPollsGetsASignedJobReportsWithEvidenceAndIsRevoked() throws Exception {
        ApiClient api = api();
        String customer = "proto-" + Long.toString(System.nanoTime(), 36);
        customers.create(new Customer(customer, "Protocol IT " + customer));
        long window = inventory.createWindow(customer, "always", ZoneId.of("UTC"), EnumSet.allOf(DayOfWeek.class),
                LocalTime.MIDNIGHT, Duration.ofDays(1));
        String host = customer + "-ws";
        long asset = inventory.createAsset(customer, host, "Debian", "12", Criticality.LOW, Exposure.INTERNAL, 0,
                window);
        String manager = customer + "-cm";
        users.create(new AppUser(manager, "Manager", null, passwords.encode("demo"), true,
                Set.of(Role.REQUESTER, Role.CHANGE_MANAGER), Set.of(customer)));

        // an enrolment token over the API; the token is shown once
        ApiClient.Response issued = api.post(manager, "/api/customers/" + customer + "/enrolment-tokens",
                Map.of("validForHours", 2, "uses", 1, "label", "protocol test"));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String token = issued.json().path("token").asText();
        assertThat(api.get(manager, "/api/customers/" + customer + "/enrolment-tokens").body()).doesNotContain(token)
            .contains("protocol test");
        assertThat(api.post("alice", "/api/customers/" + customer + "/enrolment-tokens", Map.of()).status())
            .isEqualTo(404);

        JsonNode enrolment = api
            .agentPost(null, "/agent/v1/enrol",
                    Map.of("enrolmentToken", token, "hostname", host, "agentVersion", "it-1", "protocolVersion", 1))
            .json();
        assertThat(enrolment.path("assetId").asLong()).isEqualTo(asset);
        assertThat(enrolment.path("protocolVersion").asInt()).isEqualTo(1);
        String serverKey = enrolment.path("serverPublicKey").asText();
        String agentId = enrolment.path("agentId").asText();
        String credential = agentId + "." + enrolment.path("agentSecret").asText();
        assertThat(api.agentPost(credential, "/agent/v1/heartbeat", Map.of("agentVersion", "it-1"))
            .json()
            .path("protocolVersion")
            .asInt()).isEqualTo(1);

        // a long poll that is waiting when the change is submitted gets the job without
        // polling again
        CompletableFuture<ApiClient.Response> poll = CompletableFuture
            .supplyAsync(() -> api.agentPost(credential, "/agent/v1/jobs/lease", Map.of("max", 5, "waitSeconds", 25)));
        long tz = DemoLookup.patch(api, "alice", "debian:tzdata:");
        String change = api
            .post(manager, "/api/changes",
                    Map.of("customerId", customer, "title", "tzdata", "patchIds", List.of(tz), "assetIds",
                            List.of(asset)))
            .json()
            .path("id")
            .asText();
        Instant submitted = Instant.now();
        ApiClient.Response answered = poll.get(40, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        JsonNode job = answered.json().path("jobs").get(0);
        assertThat(job).as("the waiting poll was answered with the job").isNotNull();
        assertThat(Duration.between(submitted, Instant.now())).isLessThan(Duration.ofSeconds(25));
        assertThat(job.path("type").asText()).isEqualTo("INSTALL");

        // the change token: signed by the key from the enrolment, for this agent, job and
        // payload
        String[] parts = job.path("token").asText().split("\\.");
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KeyFactory.getInstance("Ed25519")
            .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(serverKey))));
        verifier.update(parts[0].getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[1]))).isTrue();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        assertThat(claims.path("agent").asText()).isEqualTo(agentId);
        assertThat(claims.path("job").asText()).isEqualTo(job.path("jobId").asText());
        assertThat(claims.path("change").asText()).isEqualTo(change);
        assertThat(claims.path("payload").asText()).isEqualTo(HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(job.path("payload")))));
        assertThat(Instant.parse(claims.path("exp").asText())).isAfter(Instant.now());

        String jobId = job.path("jobId").asText();
        assertThat(api.agentPost(credential, "/agent/v1/jobs/" + jobId + "/progress", Map.of("state", "INSTALLING"))
            .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
            .until(() -> api.get(manager, "/api/changes/" + change).json().path("assets").get(0).path("state").asText(),
                    "INSTALLING"::equals);

        Map<String, Object> result = Map.of("outcome", "SUCCEEDED", "detail", "installed tzdata", "attempt", 1,
                "evidence", Map.of("previousVersions", Map.of("tzdata", "2025a-0+deb12u1")));
        ApiClient.Response first = api.agentPost(credential, "/agent/v1/jobs/" + jobId + "/result", result);
        assertThat(first.json().path("applied").asBoolean()).isTrue();
        // the agent did not hear the answer and sends the same result again: same answer,
        // nothing twice
        ApiClient.Response again = api.agentPost(credential, "/agent/v1/jobs/" + jobId + "/result", result);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("applied").asBoolean()).isFalse();
        assertThat(api
            .agentPost(credential, "/agent/v1/jobs/" + jobId + "/result", Map.of("outcome", "FAILED", "attempt", 1))
            .status()).isEqualTo(409);

        // a protocol the server does not speak
        assertThat(api.agentPost(credential, "/agent/v1/heartbeat", Map.of("protocolVersion", 2)).status())
            .isEqualTo(400);

        // rotation: the new secret works, the old one is refused
        JsonNode rotated = api.agentPost(credential, "/agent/v1/credentials/rotate", Map.of()).json();
        String renewed = agentId + "." + rotated.path("agentSecret").asText();
        assertThat(api.agentPost(credential, "/agent/v1/heartbeat", Map.of()).status()).isEqualTo(401);
        assertThat(api.agentPost(renewed, "/agent/v1/heartbeat", Map.of()).status()).isEqualTo(200);

        // revocation by a change manager: 401 from then on, and the refusal is in the
        // audit trail
        assertThat(api.post(manager, "/api/agents/" + agentId + "/revoke", Map.of()).status())
            .as("a reason is required")
            .isEqualTo(400);
        assertThat(api.post(manager, "/api/agents/" + agentId + "/revoke", Map.of("reason", "host decommissioned"))
            .status()).isEqualTo(200);
        assertThat(api.agentPost(renewed, "/agent/v1/jobs/lease", Map.of()).status()).isEqualTo(401);
        JsonNode agents = api.get(manager, "/api/customers/" + customer + "/agents").json().path("items");
        assertThat(agents.get(0).path("revokedBy").asText()).isEqualTo(manager);
        await().atMost(Duration.ofSeconds(10))
            .until(() -> jdbc()
                .sql("SELECT COUNT(*) FROM audit_event WHERE customer_id = ? AND kind = "
                        + "'AGENT_AUTH_FAILED' AND detail LIKE ?")
                .params(customer, "revoked agent " + agentId + "%")
                .query(Long.class)
                .single(), n -> n >= 1);
    }

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbcClient;

    private org.springframework.jdbc.core.simple.JdbcClient jdbc() {
        return jdbcClient;
    }

}
