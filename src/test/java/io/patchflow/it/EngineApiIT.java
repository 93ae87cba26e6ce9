package io.patchflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchChange.ReviewDecision;
import io.patchflow.testsupport.ApiClient;
import io.patchflow.testsupport.BrowserSession;
import io.patchflow.testsupport.EvilModels;
import io.patchflow.testsupport.EvilModels.Place;

/**
 * The engine REST API and the Camunda webapps, tried as an attacker with an admin's
 * credentials: no model deploys, no change moves past its approvals, and every attempt is
 * on the audit trail with the admin's name. What an admin may still do (read, retry a
 * job) works and is audited.
 */
class EngineApiIT extends IntegrationTest {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @TempDir
    Path dir;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @org.springframework.beans.factory.annotation.Autowired
    org.camunda.bpm.engine.ManagementService management;

    @Test
    void everyEvilModelIsRefusedWith400NamingTheElement() {
        ApiClient api = api();
        long before = api.get("admin", "/engine-rest/deployment/count").json().path("count").asLong();
        for (Place place : Place.values()) {
            Path marker = dir.resolve("pwned-" + place);
            List<EvilModels.Payload> payloads = new java.util.ArrayList<>(List.of(EvilModels.command(marker),
                    EvilModels.systemProperty(), EvilModels.environment(), EvilModels.engineServices()));
            payloads.addAll(EvilModels.beansOutsideTheAllowList());
            for (EvilModels.Payload payload : payloads) {
                // an analyst's deployment is validated and refused, naming the element
                // (ADR 0053); nothing is stored or deployed
                ApiClient.Response response = deploy(api, "frank", EvilModels.resourceName(place),
                        EvilModels.model(place, payload.expression()));
                assertThat(response.status()).as(place + ", " + payload.name() + ": " + response.body()).isEqualTo(400);
                JsonNode body = response.json();
                assertThat(body.path("type").asText()).isEqualTo("ModelRefused");
                assertThat(body.path("message").asText()).contains(place.elementId)
                    .contains(EvilModels.resourceName(place))
                    .doesNotStartWith("ENGINE-09005");
                // anyone else, admin included, is refused before anything is read
                ApiClient.Response admin = deploy(api, EvilModels.resourceName(place),
                        EvilModels.model(place, payload.expression()));
                assertThat(admin.status()).isEqualTo(403);
                assertThat(admin.json().path("message").asText()).contains("process-analyst role");
            }
            assertThat(marker).doesNotExist();
        }
        assertThat(api.get("admin", "/engine-rest/deployment/count").json().path("count").asLong()).isEqualTo(before);
    }

    @Test
    void aCleanModelIsRefusedToo_modelsComeOnlyFromPatchflow() {
        ApiClient api = api();
        long before = api.get("admin", "/engine-rest/deployment/count").json().path("count").asLong();
        // A new version of the change process that skips every approval: exactly what
        // must not arrive this way.
        String harmless = EvilModels.model(Place.OUTPUT_MAPPING, "'fine'")
            .replace("id=\"evil\"", "id=\"patch-change\"");
        ApiClient.Response response = deploy(api, "patch-change.bpmn", harmless);
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().path("message").asText())
            .contains("needs the process-analyst role, admins included");
        // an analyst's is at most a draft awaiting review; this one does not even
        // validate
        ApiClient.Response analyst = deploy(api, "frank", "patch-change.bpmn", harmless);
        assertThat(analyst.status()).isEqualTo(400);
        assertThat(analyst.json().path("message").asText()).contains("patch-change.bpmn");
        assertThat(api.get("admin", "/engine-rest/deployment/count").json().path("count").asLong()).isEqualTo(before);
        assertThat(audit(api, null))
            .anySatisfy(e -> assertThat(e.path("detail").asText()).contains("POST /engine-rest/deployment/create")
                .contains("process-analyst role"));
    }

    @Test
    void anAdminCannotMoveAChangePastItsApprovals() {
        ApiClient api = api();
        String change = submitChange(api, "acme-app-02");
        String review = ApiWalkthroughIT.awaitTask(api, "bob", change, PatchChange.TASK_REVIEW_TECHNICALLY).get(0);
        String instance = api.get("admin", "/engine-rest/process-instance?businessKey=" + change)
            .json()
            .get(0)
            .path("id")
            .asText();
        String definition = api.get("admin", "/engine-rest/process-instance/" + instance)
            .json()
            .path("definitionId")
            .asText();
        JsonNode treeBefore = api.get("admin", "/engine-rest/process-instance/" + instance + "/activity-instances")
            .json();
        JsonNode approvalsBefore = api.get("alice", "/api/changes/" + change).json().path("approvals");

        List<ApiClient.Response> attempts = List.of(
                // cancel the preparation (approvals, schedule, backups) and start right
                // before deployment
                api.post("admin", "/engine-rest/process-instance/" + instance + "/modification", Map.of(
                        "skipCustomListeners", true, "skipIoMappings", true, "instructions",
                        List.of(Map.of("type", "cancel", "activityId", PatchChange.SUB_PROCESS_BEFORE_DEPLOYMENT),
                                Map.of("type", "startBeforeActivity", "activityId",
                                        PatchChange.TASK_START_DEPLOYMENT)))),
                api.post("admin", "/engine-rest/modification/execute",
                        Map.of("processDefinitionId", definition, "processInstanceIds", List.of(instance),
                                "instructions",
                                List.of(Map.of("type", "startBeforeActivity", "activityId",
                                        PatchChange.TASK_START_DEPLOYMENT)))),
                // overwrite the CAB tally
                api.put("admin",
                        "/engine-rest/process-instance/" + instance + "/variables/" + PatchChange.VAR_CAB_APPROVALS,
                        Map.of("value", 9, "type", "Integer")),
                api.post("admin", "/engine-rest/process-instance/" + instance + "/variables",
                        Map.of("modifications",
                                Map.of(PatchChange.VAR_CHANGE_TYPE, Map.of("value", "STANDARD", "type", "String")))),
                // complete the review without being an approver
                api.post("admin", "/engine-rest/task/" + review + "/complete",
                        Map.of("variables",
                                Map.of(PatchChange.VAR_REVIEW_DECISION, Map.of("value", ReviewDecision.APPROVE)))),
                api.post("admin", "/engine-rest/task/" + review + "/claim", Map.of("userId", "admin")),
                // start the process again past the approvals, or a fresh one
                api.post("admin", "/engine-rest/process-definition/" + definition + "/restart",
                        Map.of("processInstanceIds", List.of(instance), "instructions",
                                List.of(Map.of("type", "startBeforeActivity", "activityId",
                                        PatchChange.TASK_START_DEPLOYMENT)))),
                api.post("admin", "/engine-rest/process-definition/key/patch-change/start",
                        Map.of("businessKey", change)),
                // pretend the agents finished, skip a timer, cancel
                api.post("admin", "/engine-rest/message",
                        Map.of("messageName", PatchChange.MSG_CANCEL_CHANGE, "businessKey", change)),
                api.delete("admin", "/engine-rest/process-instance/" + instance));
        for (ApiClient.Response attempt : attempts) {
            assertThat(attempt.status())
                .as(attempt.raw().request().method() + " " + attempt.raw().uri() + ": " + attempt.body())
                .isEqualTo(403);
            assertThat(attempt.json().path("message").asText()).contains("is refused").contains("read-only");
        }

        assertThat(api.get("admin", "/engine-rest/process-instance/" + instance + "/activity-instances").json())
            .isEqualTo(treeBefore);
        assertThat(api.get("admin", "/engine-rest/process-instance/" + instance + "/variables/cabApprovals")
            .json()
            .path("value")
            .asInt()).isZero();
        assertThat(DemoLookup.taskIds(api, "bob", change, PatchChange.TASK_REVIEW_TECHNICALLY)).containsExactly(review);
        assertThat(api.get("alice", "/api/changes/" + change).json().path("approvals")).isEqualTo(approvalsBefore);
        // the attempts on the change's process instance and tasks are on the change's own
        // trail; the rest on the installation's
        List<JsonNode> refused = audit(api, change).stream()
            .filter(e -> e.path("kind").asText().equals("ENGINE_API_REFUSED"))
            .toList();
        assertThat(refused).hasSize(6).allSatisfy(e -> assertThat(e.path("actor").asText()).isEqualTo("admin"));
        assertThat(refused).anySatisfy(
                e -> assertThat(e.path("detail").asText()).contains("/process-instance/" + instance + "/modification"));
        assertThat(refused)
            .anySatisfy(e -> assertThat(e.path("detail").asText()).contains("/task/" + review + "/complete"));
        assertThat(refused).anySatisfy(e -> assertThat(e.path("detail").asText()).contains("/variables/cabApprovals"));
        List<JsonNode> installation = audit(api, null);
        for (String path : new String[] { "/modification/execute", "/process-definition/" + definition + "/restart",
                "/process-definition/key/patch-change/start", "POST /engine-rest/message" }) {
            assertThat(installation).as(path).anySatisfy(e -> {
                assertThat(e.path("detail").asText()).contains(path);
                assertThat(e.path("actor").asText()).isEqualTo("admin");
            });
        }
    }

    @Test
    void anAdminMayReadAndRetryJobs_andTheRetryIsOnTheChangesTrail() {
        ApiClient api = api();
        String change = submitChange(api, "acme-ws-01");
        ApiWalkthroughIT.awaitTask(api, "bob", change, PatchChange.TASK_REVIEW_TECHNICALLY);
        String instance = api.get("admin", "/engine-rest/process-instance?businessKey=" + change)
            .json()
            .get(0)
            .path("id")
            .asText();
        assertThat(api.get("admin", "/engine-rest/process-instance/" + instance + "/variables").status())
            .isEqualTo(200);
        assertThat(api.post("admin", "/engine-rest/task/count", Map.of("processInstanceId", instance))
            .json()
            .path("count")
            .asInt()).isEqualTo(1);
        // the review's escalation timer is a job of this change
        JsonNode timer = api.get("admin", "/engine-rest/job?processInstanceId=" + instance).json().get(0);
        String job = timer.path("id").asText();

        // a timer that has not failed is no job to retry; and no retry moves a due date
        ApiClient.Response early = api.put("admin", "/engine-rest/job/" + job + "/retries",
                Map.of("retries", 1, "dueDate", "2000-01-01T00:00:00.000+0000"));
        assertThat(early.status()).isEqualTo(403);
        assertThat(early.json().path("message").asText()).contains("does not move a job's due date");
        assertThat(api.put("admin", "/engine-rest/job/" + job + "/retries", Map.of("retries", 3)).status())
            .isEqualTo(409);
        assertThat(api.put("admin", "/engine-rest/job/no-such-job/retries", Map.of("retries", 3)).status())
            .isEqualTo(404);
        assertThat(api.put("admin", "/engine-rest/job/" + job + "/retries", Map.of("retries", -1)).status())
            .isEqualTo(400);
        assertThat(api
            .post("admin", "/engine-rest/job/retries",
                    Map.of("retries", 1, "jobQuery", Map.of("timers", true), "dueDate", "2000-01-01T00:00:00.000+0000"))
            .status()).isEqualTo(403);

        // the timer fails (as Patchflow's own code, not over the API): now it is a job to
        // retry
        management.setJobRetries(job, 0);
        ApiClient.Response retry = api.put("admin", "/engine-rest/job/" + job + "/retries", Map.of("retries", 3));

        assertThat(retry.status()).as(retry.body()).isEqualTo(204);
        JsonNode after = api.get("admin", "/engine-rest/job/" + job).json();
        assertThat(after.path("retries").asInt()).isEqualTo(3);
        assertThat(after.path("dueDate").asText()).isEqualTo(timer.path("dueDate").asText());
        assertThat(audit(api, change)).anySatisfy(e -> {
            assertThat(e.path("kind").asText()).isEqualTo("ENGINE_API_ACTION");
            assertThat(e.path("actor").asText()).isEqualTo("admin");
            assertThat(e.path("detail").asText()).contains("PUT /engine-rest/job/" + job + "/retries")
                .contains("SetJobRetriesCmd");
        });
    }

    @Test
    void theWebappsAreReadOnlyToo() throws Exception {
        ApiClient api = api();
        String change = submitChange(api, "acme-ws-02");
        String review = ApiWalkthroughIT.awaitTask(api, "bob", change, PatchChange.TASK_REVIEW_TECHNICALLY).get(0);
        BrowserSession admin = BrowserSession.signIn(api, "admin");
        admin.get("/camunda/app/cockpit/default/");

        HttpResponse<String> read = admin.get("/camunda/api/engine/engine/default/task/" + review);
        assertThat(read.statusCode()).isEqualTo(200);
        HttpResponse<String> complete = admin.postJson(
                "/camunda/api/engine/engine/default/task/" + review + "/complete",
                "{\"variables\":{\"reviewDecision\":{\"value\":\"approve\"}}}");
        assertThat(complete.statusCode()).isEqualTo(403);
        assertThat(complete.body()).contains("is refused");
        assertThat(DemoLookup.taskIds(api, "bob", change, PatchChange.TASK_REVIEW_TECHNICALLY)).containsExactly(review);
        assertThat(audit(api, change)).anySatisfy(e -> assertThat(e.path("detail").asText())
            .contains("POST /camunda/api/engine/engine/default/task/" + review + "/complete"));
    }

    @Test
    void camundasOwnLoginIsNoPasswordOracle() {
        ApiClient api = api();
        ApiClient.Response verify = api.post("admin", "/engine-rest/identity/verify",
                Map.of("username", "bob", "password", "demo"));
        assertThat(verify.status()).isEqualTo(403);
    }

    private String submitChange(ApiClient api, String host) {
        long git = DemoLookup.patch(api, "alice", "debian:git:");
        long asset = DemoLookup.asset(api, "alice", "acme", host);
        return api
            .post("alice", "/api/changes", Map.of("customerId", "acme", "title", "engine API " + UUID.randomUUID(),
                    "patchIds", List.of(git), "assetIds", List.of(asset)))
            .json()
            .path("id")
            .asText();
    }

    /**
     * The change's audit trail as its page shows it, or the installation's entries (no
     * change) from the table.
     */
    private List<JsonNode> audit(ApiClient api, String change) {
        if (change == null) {
            return jdbc.sql("SELECT actor, kind, detail FROM audit_event WHERE change_id IS NULL ORDER BY id DESC")
                .query((rs,
                        n) -> (JsonNode) JSON.createObjectNode()
                            .put("actor", rs.getString(1))
                            .put("kind", rs.getString(2))
                            .put("detail", rs.getString(3)))
                .list();
        }
        JsonNode trail = api.get("alice", "/api/changes/" + change).json().path("audit");
        return java.util.stream.StreamSupport.stream(trail.spliterator(), false).toList();
    }

    private ApiClient.Response deploy(ApiClient api, String fileName, String content) {
        return deploy(api, "admin", fileName, content);
    }

    private ApiClient.Response deploy(ApiClient api, String user, String fileName, String content) {
        String boundary = "----patchflow" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nattack\r\n"
                + "--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"deployment-source\"\r\n\r\nCamunda Modeler\r\n" + "--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileName + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(api.url("/engine-rest/deployment/create")))
                    .header("Authorization",
                            "Basic " + java.util.Base64.getEncoder()
                                .encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)))
                    .header("Accept", "application/json")
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Response(response.statusCode(), response.body(), response);
        }
        catch (Exception e) {
            throw new AssertionError(e);
        }
    }

}
