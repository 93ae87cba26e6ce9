package io.patchflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.patchflow.testsupport.ApiClient;

/** Bad input gets HTTP 400 naming the field, and nothing is created. */
class BadInputIT extends IntegrationTest {

    ApiClient api;
    long git;
    long acmeAsset;
    long globexAsset;

    @BeforeEach
    void lookUp() {
        api = api();
        git = DemoLookup.patch(api, "alice", "debian:git:");
        acmeAsset = DemoLookup.asset(api, "alice", "acme", "acme-app-01");
        globexAsset = DemoLookup.asset(api, "alice", "globex", "globex-lab-01");
    }

    @Test
    void changeWithoutPatchesIsRefused() {
        assertRefused(valid(Map.of("patchIds", List.of())), "patchIds");
    }

    @Test
    void changeForUnknownAssetsIsRefused() {
        assertRefused(valid(Map.of("assetIds", List.of(acmeAsset, 987_654_321L))), "assetIds");
    }

    @Test
    void changeForAnotherCustomersAssetsIsRefused() {
        assertRefused(valid(Map.of("assetIds", List.of(acmeAsset, globexAsset))), "assetIds");
        // gina sees only Globex: Acme does not exist for her
        long before = total("gina");
        ApiClient.Response response = api.post("gina", "/api/changes", valid(Map.of("customerId", "acme")));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("field").asText()).isEqualTo("customerId");
        assertThat(total("gina")).isEqualTo(before);
    }

    @Test
    void oversizedFieldsAreRefused() {
        assertRefused(valid(Map.of("title", "x".repeat(201))), "title");
        assertRefused(valid(Map.of("description", "x".repeat(4001))), "description");
        assertRefused(valid(Map.of("ticketReference", "bad reference with spaces")), "ticketReference");
    }

    @Test
    void malformedAndUnknownJsonIsRefused() {
        long before = total("admin");
        ApiClient.Response malformed = api.postRaw("alice", "/api/changes", "{\"customerId\": \"acme\", \"title\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("detail").asText()).contains("not valid JSON");
        ApiClient.Response unknownField = api.post("alice", "/api/changes", valid(Map.of("priority", "urgent")));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().path("field").asText()).isEqualTo("priority");
        ApiClient.Response wrongType = api.post("alice", "/api/changes", valid(Map.of("assetIds", List.of("one"))));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().path("field").asText()).isEqualTo("assetIds[0]");
        assertThat(total("admin")).isEqualTo(before);
    }

    @Test
    void taskOfAnotherCustomerCannotBeSeenOrCompleted() {
        long medium = DemoLookup.patch(api, "alice", "debian:git:");
        String change = api.post("alice", "/api/changes", valid(Map.of("patchIds", List.of(medium)))).json().path("id").asText();
        String review = ApiWalkthroughIT.awaitTask(api, "bob", change, "Task_ReviewTechnically").get(0);

        // gina is a Globex requester; the Acme task does not exist for her
        assertThat(api.get("gina", "/api/tasks/" + review).status()).isEqualTo(404);
        ApiClient.Response refused = api.post("gina", "/api/tasks/" + review + "/complete",
                Map.of("variables", Map.of("reviewDecision", "approve")));
        assertThat(refused.status()).isEqualTo(404);
        // the requester sees her change but the review task is not hers to complete
        assertThat(api.post("alice", "/api/tasks/" + review + "/complete",
                Map.of("variables", Map.of("reviewDecision", "approve"))).status()).isEqualTo(404);
        assertThat(DemoLookup.taskIds(api, "bob", change, "Task_ReviewTechnically")).containsExactly(review);
        assertThat(api.get("gina", "/api/changes/" + change).status()).isEqualTo(404);
    }

    private Map<String, Object> valid(Map<String, Object> overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("customerId", "acme", "title", "bad input test",
                "patchIds", List.of(git), "assetIds", List.of(acmeAsset)));
        body.putAll(overrides);
        return body;
    }

    private void assertRefused(Map<String, Object> body, String field) {
        long before = total("admin");
        ApiClient.Response response = api.post("alice", "/api/changes", body);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("field").asText()).isEqualTo(field);
        assertThat(response.json().path("detail").asText()).isNotBlank();
        assertThat(total("admin")).isEqualTo(before);
    }

    private long total(String user) {
        return api.get(user, "/api/changes?size=1").json().path("total").asLong();
    }
}
