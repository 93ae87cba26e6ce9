package io.patchflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.patchflow.testsupport.ApiClient;
import io.patchflow.testsupport.BrowserSession;

/** Who may do what, end to end over HTTP. */
class SecurityIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void apiNeedsCredentialsAndNeverAsksTheBrowserForThem() {
        ApiClient.Response anonymous = api().get(null, "/api/changes");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.raw().headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(api().get("alice:wrong-password", "/api/changes").status()).isEqualTo(401);
    }

    @Test
    void eachPersonSeesOnlyTheirCustomers() {
        ApiClient api = api();
        long tz = DemoLookup.patch(api, "alice", "debian:tzdata:");
        String acme = api
            .post("alice", "/api/changes", Map.of("customerId", "acme", "title", "acme only", "patchIds", List.of(tz),
                    "assetIds", List.of(DemoLookup.asset(api, "alice", "acme", "acme-ws-03"))))
            .json()
            .path("id")
            .asText();

        assertThat(api.get("gina", "/api/customers").json().findValuesAsText("id")).containsExactly("globex");
        assertThat(api.get("gina", "/api/changes/" + acme).status()).isEqualTo(404);
        assertThat(api.get("gina", "/api/changes?size=200").json().path("items").findValuesAsText("customerId"))
            .doesNotContain("acme");
        assertThat(api.get("gina", "/api/customers/acme/assets").status()).isEqualTo(404);
        assertThat(api.get("grace", "/api/changes/" + acme).status()).isEqualTo(200);
    }

    @Test
    void onlyAdminsReachTheEngineRestApiAndTheCamundaWebapps() {
        ApiClient api = api();
        assertThat(api.get("alice", "/engine-rest/process-definition?key=patch-change").status()).isEqualTo(403);
        ApiClient.Response admin = api.get("admin", "/engine-rest/process-definition?key=patch-change");
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.json().findValuesAsText("key")).contains("patch-change");
        // Camunda sees Patchflow's people, roles and customers
        assertThat(api.get("admin", "/engine-rest/group?member=bob").json().findValuesAsText("id"))
            .containsExactly("approver");
        assertThat(api.get("admin", "/engine-rest/tenant").json().findValuesAsText("id")).contains("acme", "globex");
        assertThat(api.get("alice", "/camunda/app/cockpit/default/").status()).isIn(302, 403);
    }

    @Test
    void theCamundaWebappsSeeTheAdminWhoSignedInThroughPatchflow() throws Exception {
        BrowserSession admin = BrowserSession.signIn(api(), "admin");
        // opening the app is when Camunda's container-based filter takes over Patchflow's
        // signed-in user
        assertThat(admin.get("/camunda/app/cockpit/default/").statusCode()).isEqualTo(200);
        HttpResponse<String> who = admin.get("/camunda/api/admin/auth/user/default");
        assertThat(who.statusCode()).isEqualTo(200);
        assertThat(who.body()).contains("\"userId\":\"admin\"").contains("cockpit");

        BrowserSession alice = BrowserSession.signIn(api(), "alice");
        assertThat(alice.get("/camunda/app/cockpit/default/").statusCode()).isEqualTo(403);
    }

    /**
     * Repeated failures lock the account for a while (the it profile: after 5 failures,
     * for 3 seconds); while it is locked, the right password gets exactly the answer a
     * wrong one gets, by HTTP Basic and on the login form; then the lock ends by itself.
     */
    @Test
    void repeatedFailuresLockTheAccountWithTheAnswerOfAWrongPassword() {
        ApiClient api = api();
        ApiClient.Response wrong = api.get("gina:wrong", "/api/customers");
        HttpResponse<String> wrongForm = BrowserSession.anonymous(api).login("gina", "wrong");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(150)).until(() -> {
            api.get("gina:wrong", "/api/customers");
            return !audited("LOGIN_LOCKED", "gina").isEmpty();
        });

        ApiClient.Response locked = api.get("gina", "/api/customers");
        assertThat(locked.status()).isEqualTo(401).isEqualTo(wrong.status());
        assertThat(locked.body()).isEqualTo(wrong.body());
        HttpResponse<String> lockedForm = BrowserSession.anonymous(api).login("gina", "demo");
        assertThat(lockedForm.statusCode()).isEqualTo(302).isEqualTo(wrongForm.statusCode());
        assertThat(lockedForm.headers().firstValue("Location")).isEqualTo(wrongForm.headers().firstValue("Location"))
            .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        assertThat(audited("LOGIN_FAILED", "gina")).allSatisfy(d -> assertThat(d).contains("from 127.0.0.1"));

        await().atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(300))
            .until(() -> api.get("gina", "/api/customers").status() == 200);
    }

    @Test
    void theApiDocumentAndSwaggerUiAreForSignedInPeopleOnly() {
        ApiClient api = api();
        assertThat(api.get(null, "/v3/api-docs").status()).isEqualTo(401);
        ApiClient.Response document = api.get("alice", "/v3/api-docs");
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.json().path("openapi").asText()).startsWith("3.");
        assertThat(BrowserSession.anonymous(api).get("/swagger-ui/index.html").statusCode()).isEqualTo(302);

        BrowserSession grace = BrowserSession.signIn(api, "grace");
        assertThat(grace.get("/v3/api-docs").statusCode()).as("Swagger UI reads it with the session").isEqualTo(200);
        assertThat(grace.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
    }

    @Test
    void overPlainHttpThereIsNoHstsAndTheCookieIsNotMarkedSecure() {
        HttpResponse<String> login = BrowserSession.anonymous(api()).login("grace", "demo");
        assertThat(login.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("JSESSIONID=")
            .doesNotContainIgnoringCase("secure")
            .containsIgnoringCase("HttpOnly"));
    }

    private List<String> audited(String kind, String actor) {
        return jdbc.sql("SELECT detail FROM audit_event WHERE kind = ? AND actor = ? ORDER BY id")
            .params(kind, actor)
            .query(String.class)
            .list();
    }

    @Test
    void requesterMayNotSubmitForSomeoneElsesRoleOrApproveHerOwnChange() {
        ApiClient api = api();
        long tz = DemoLookup.patch(api, "alice", "debian:tzdata:");
        long ws = DemoLookup.asset(api, "alice", "acme", "acme-ws-04");
        // bob is an approver, not a requester
        assertThat(api
            .post("bob", "/api/changes",
                    Map.of("customerId", "acme", "title", "x", "patchIds", List.of(tz), "assetIds", List.of(ws)))
            .status()).isEqualTo(403);
    }

}
