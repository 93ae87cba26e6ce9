package io.patchflow.modeling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.security.Role;
import io.patchflow.testsupport.Fixtures;

/**
 * Camunda Modeler's deploy, as the Modeler sends it (multipart, Basic authentication, to
 * /engine-rest/deployment/create), against the running server: an analyst's deployment
 * becomes a draft awaiting review and nothing is deployed; a model with a finding is
 * refused with the finding in "message" (the field the Modeler shows) and nothing is
 * stored, for every role, admin included.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ModelerDeploymentTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    RepositoryService repository;

    @Autowired
    JdbcClient jdbc;

    final HttpClient http = HttpClient.newHttpClient();

    final ObjectMapper json = new ObjectMapper();

    String analyst;

    String secondAnalyst;

    String admin;

    String approver;

    @BeforeEach
    void people() {
        Fixtures.World world = fixtures.world();
        analyst = world.person("analyst", Role.PROCESS_ANALYST).username();
        secondAnalyst = world.person("analyst2", Role.PROCESS_ANALYST).username();
        admin = world.person("admin", Role.ADMIN).username();
        approver = world.approver1.username();
    }

    @Test
    void anAnalystsDeploymentBecomesADraftAwaitingReviewAndNothingIsDeployed() throws Exception {
        long deployments = repository.createDeploymentQuery().count();
        String form = Files.readString(Path.of("forms/review-change.form"));
        String title = "From the Modeler " + System.nanoTime();

        HttpResponse<String> answer = deploy(analyst, title, Map.of("review-change.form", form));
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(answer.body());
        assertThat(body.path("id").asText()).startsWith("draft-");
        assertThat(body.path("deployedProcessDefinitions").isContainerNode()).isFalse();
        assertThat(body.path("message").asText()).contains("awaiting review").contains("/modeling/drafts/");
        long draftId = Long.parseLong(body.path("id").asText().substring("draft-".length()));
        assertThat(state(draftId)).isEqualTo("SUBMITTED");
        assertThat(jdbc.sql("SELECT origin FROM model_draft WHERE id = ?").param(draftId).query(String.class).single())
            .isEqualTo("MODELER");
        assertThat(repository.createDeploymentQuery().count()).isEqualTo(deployments);

        // the same files again: the same draft, no new revision
        HttpResponse<String> again = deploy(analyst, title, Map.of("review-change.form", form));
        assertThat(json.readTree(again.body()).path("id").asText()).isEqualTo("draft-" + draftId);
        assertThat(json.readTree(again.body()).path("message").asText()).startsWith("Unchanged");
        // a change: a new revision of the same draft, awaiting review again
        HttpResponse<String> changed = deploy(analyst, title, Map.of("review-change.form", form + "\n"));
        assertThat(json.readTree(changed.body()).path("id").asText()).isEqualTo("draft-" + draftId);
        assertThat(
                jdbc.sql("SELECT revision FROM model_draft WHERE id = ?").param(draftId).query(Integer.class).single())
            .isEqualTo(2);
        assertThat(state(draftId)).isEqualTo("SUBMITTED");
        // another analyst's deployment under the same name is their own draft
        HttpResponse<String> other = deploy(secondAnalyst, title, Map.of("review-change.form", form));
        assertThat(json.readTree(other.body()).path("id").asText()).isNotEqualTo("draft-" + draftId);

        // the Modeler's connection checks
        assertThat(get(analyst, "/engine-rest/version").statusCode()).isEqualTo(200);
        assertThat(get(analyst, "/engine-rest/deployment?maxResults=0").body()).isEqualTo("[]");
        HttpResponse<String> elsewhere = get(analyst, "/engine-rest/process-definition");
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(json.readTree(elsewhere.body()).path("message").asText()).contains("Camunda Modeler");
        assertThat(repository.createDeploymentQuery().count()).isEqualTo(deployments);
    }

    @Test
    void aModelWithAFindingIsRefusedWithTheFindingAndNothingIsStoredForEveryRole() throws Exception {
        long deployments = repository.createDeploymentQuery().count();
        long drafts = jdbc.sql("SELECT COUNT(*) FROM model_draft").query(Long.class).single();
        Map<String, String> evil = new LinkedHashMap<>();
        evil.put("script-task.bpmn", process("<bpmn:scriptTask id=\"Run\" name=\"Run\" scriptFormat=\"groovy\">"
                + "<bpmn:script>java.lang.Runtime.getRuntime().exec('id')</bpmn:script></bpmn:scriptTask>"));
        evil.put("java-class.bpmn", process(
                "<bpmn:serviceTask id=\"Run\" name=\"Run\" " + "camunda:class=\"java.lang.ProcessBuilder\" />"));
        evil.put("bean-outside.bpmn", process("<bpmn:serviceTask id=\"Run\" name=\"Run\" "
                + "camunda:expression=\"${processEngineConfiguration.dataSource}\" />"));
        evil.put("xxe.bpmn", "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + process("<bpmn:task id=\"Run\" name=\"&x;\" />").substring("<?xml version=\"1.0\"?>".length()));
        for (Map.Entry<String, String> model : evil.entrySet()) {
            HttpResponse<String> refused = deploy(analyst, "evil " + model.getKey(),
                    Map.of(model.getKey(), model.getValue()));
            assertThat(refused.statusCode()).as(model.getKey()).isEqualTo(400);
            JsonNode body = json.readTree(refused.body());
            assertThat(body.path("message").asText()).as(model.getKey()).contains(model.getKey());
            assertThat(body.path("message").asText()).doesNotStartWith("ENGINE-09005");
            for (String other : new String[] { admin, approver }) {
                HttpResponse<String> notAnalyst = deploy(other, "evil", Map.of(model.getKey(), model.getValue()));
                assertThat(notAnalyst.statusCode()).as(other + " " + model.getKey()).isEqualTo(403);
                assertThat(json.readTree(notAnalyst.body()).path("message").asText()).contains("process-analyst");
            }
        }
        assertThat(repository.createDeploymentQuery().count()).isEqualTo(deployments);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM model_draft").query(Long.class).single()).isEqualTo(drafts);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE kind = 'MODEL_REFUSED'").query(Long.class).single())
            .isGreaterThanOrEqualTo(4);

        HttpResponse<String> tenant = send(analyst, multipart("with tenant", Map.of("tenant-id", "acme"),
                Map.of("review-change.form", Files.readString(Path.of("forms/review-change.form")))));
        assertThat(tenant.statusCode()).isEqualTo(400);
        assertThat(json.readTree(tenant.body()).path("message").asText()).contains("tenant");
        HttpResponse<String> notMultipart = http.send(HttpRequest.newBuilder(url("/engine-rest/deployment/create"))
            .header("Authorization", basic(analyst))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notMultipart.statusCode()).isEqualTo(400);
        assertThat(json.readTree(notMultipart.body()).path("message").asText()).contains("multipart");
    }

    static String process(String element) {
        return "<?xml version=\"1.0\"?><bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
                + "xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" id=\"d\" targetNamespace=\"t\">"
                + "<bpmn:process id=\"evil\" isExecutable=\"true\" camunda:historyTimeToLive=\"P1D\">" + element
                + "</bpmn:process></bpmn:definitions>";
    }

    private String state(long draftId) {
        return jdbc.sql("SELECT state FROM model_draft WHERE id = ?").param(draftId).query(String.class).single();
    }

    private HttpResponse<String> deploy(String user, String name, Map<String, String> files) throws Exception {
        return send(user, multipart(name, Map.of(), files));
    }

    private HttpResponse<String> send(String user, Multipart body) throws Exception {
        return http.send(HttpRequest.newBuilder(url("/engine-rest/deployment/create"))
            .header("Authorization", basic(user))
            .header("Accept", "application/json")
            .header("Content-Type", "multipart/form-data; boundary=" + body.boundary())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String user, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).header("Authorization", basic(user)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    record Multipart(String boundary, byte[] bytes) {
    }

    /** The parts in the order Camunda Modeler sends them. */
    static Multipart multipart(String name, Map<String, String> extra, Map<String, String> files) {
        String boundary = "----PatchflowTest" + System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("deployment-name", name);
        fields.put("deployment-source", "Camunda Modeler");
        fields.put("enable-duplicate-filtering", "true");
        fields.putAll(extra);
        fields.forEach((field, value) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + field + "\"\r\n\r\n" + value + "\r\n")
            .getBytes(StandardCharsets.UTF_8)));
        files.forEach((file,
                content) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file
                        + "\"; filename=\"" + file + "\"\r\nContent-Type: text/xml\r\n\r\n" + content + "\r\n")
                    .getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Multipart(boundary, out.toByteArray());
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String basic(String user) {
        return "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + Fixtures.PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

}
