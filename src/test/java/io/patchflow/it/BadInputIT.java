package io.patchflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchChange.ReviewDecision;
import io.patchflow.testsupport.ApiClient;
import io.patchflow.testsupport.BrowserSession;

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
        String change = api.post("alice", "/api/changes", valid(Map.of("patchIds", List.of(medium))))
            .json()
            .path("id")
            .asText();
        String review = ApiWalkthroughIT.awaitTask(api, "bob", change, PatchChange.TASK_REVIEW_TECHNICALLY).get(0);

        // gina is a Globex requester; the Acme task does not exist for her
        assertThat(api.get("gina", "/api/tasks/" + review).status()).isEqualTo(404);
        ApiClient.Response refused = api.post("gina", "/api/tasks/" + review + "/complete",
                Map.of("variables", Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.APPROVE)));
        assertThat(refused.status()).isEqualTo(404);
        // the requester sees her change but the review task is not hers to complete
        assertThat(api
            .post("alice", "/api/tasks/" + review + "/complete",
                    Map.of("variables", Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.APPROVE)))
            .status()).isEqualTo(404);
        assertThat(DemoLookup.taskIds(api, "bob", change, PatchChange.TASK_REVIEW_TECHNICALLY)).containsExactly(review);
        assertThat(api.get("gina", "/api/changes/" + change).status()).isEqualTo(404);
    }

    @Test
    void aDeeplyNestedAdvisoryFileIsA400LikeTheKevImport() {
        String nested = "{\"advisories\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        ApiClient.Response advisory = api.postRaw("admin", "/api/admin/advisories/import", nested);
        assertThat(advisory.status()).as(advisory.body()).isEqualTo(400);
        assertThat(advisory.json().path("detail").asText()).contains("not JSON").contains("nesting depth");

        ApiClient.Response kev = api.postRaw("admin", "/api/admin/feeds/kev/import",
                nested.replace("advisories", "vulnerabilities"));
        assertThat(kev.status()).as(kev.body()).isEqualTo(400);
    }

    @Test
    void aVeryLongFormFieldIsRefusedByNameAndNeverCopiedIntoARedirect() {
        BrowserSession admin = BrowserSession.signIn(api, "admin");
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(admin.get("/calendar").body());
        assertThat(csrf.find()).isTrue();
        String form = "name=x&start=2030-01-01T00:00&end=2030-01-02T00:00&kind=HARD&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8) + "&customer=";

        // under the length limit, the form is answered as usual, and the redirect names
        // no customer it was not given as one
        HttpResponse<String> under = admin.postForm("/calendar/blackouts", form + "c".repeat(9_500));
        assertThat(under.statusCode()).isEqualTo(302);
        assertThat(under.headers().firstValue("Location"))
            .hasValueSatisfying(l -> assertThat(l).endsWith("/calendar").doesNotContain("ccc"));
        // over it, a 400 page that says which field
        HttpResponse<String> over = admin.postForm("/calendar/blackouts", form + "c".repeat(20_000));
        assertThat(over.statusCode()).isEqualTo(400);
        assertThat(over.body()).contains("customer is longer than 10000 characters").doesNotContain("ccccc");
    }

    private Map<String, Object> valid(Map<String, Object> overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("customerId", "acme", "title", "bad input test", "patchIds",
                List.of(git), "assetIds", List.of(acmeAsset)));
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
