package io.patchflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchChange.CabVote;
import io.patchflow.process.model.PatchChange.ReviewDecision;
import io.patchflow.testsupport.ApiClient;
import io.patchflow.testsupport.RedmineTestServer;

/**
 * Customer acme's tickets in a real Redmine (ADR 0043): an admin saves the connection
 * through the API, a change is submitted with a Redmine issue as its ticket and run to
 * its end, and the milestone notes are read back from the issue's journals in Redmine:
 * each once, in the order Patchflow wrote them, also when Redmine was down for part of
 * the change. Runs on both databases: the notes travel through the outbox in
 * {@code ticket_note}, whose claims are SQL.
 */
class RedmineEndToEndIT extends IntegrationTest {

    private static final String PROJECT = "acme-it";

    private static final String MARKER = "patchflow-note:";

    private static RedmineTestServer redmine;

    @BeforeAll
    static void startRedmine() {
        redmine = RedmineTestServer.started();
        redmine.createProject(PROJECT);
    }

    @BeforeEach
    void acmeTicketsAreInRedmine() {
        ApiClient.Response saved = api().put("admin", "/api/admin/ticketing/acme/redmine",
                connection(redmine.baseUrl().toString(), RedmineTestServer.API_KEY, true));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.body()).doesNotContain(RedmineTestServer.API_KEY);
    }

    /**
     * The other ITs share this server and link acme's tickets in the built-in register.
     */
    @AfterEach
    void acmeTicketsBackInTheRegister() {
        if (!redmine.running()) {
            redmine.start();
        }
        assertThat(api().delete("admin", "/api/admin/ticketing/acme/redmine").status()).isEqualTo(204);
    }

    @Test
    void everyMilestoneOfAChangeIsNotedOnItsRedmineIssueOnceAndInOrder() {
        ApiClient api = api();
        String issue = redmine.createIssue(PROJECT, "Please patch tzdata on acme-app-02", "Raised by the app team");

        String change = submit(api, "tzdata on acme-app-02", "debian:tzdata:", "acme-app-02", issue);
        driveToClosed(api, change);

        List<String> written = awaitAllDelivered(api, change);
        assertThat(written).startsWith("SUBMITTED", "ASSESSED")
            .containsSubsequence("SUBMITTED", "ASSESSED", "APPROVED", "SCHEDULED", "DEPLOYMENT_STARTED", "SUCCEEDED",
                    "CHANGE_CLOSED")
            .endsWith("CHANGE_CLOSED", "TO_CLOSED");
        assertRedmineHoldsExactly(api, change, issue);
        // the change moved its ticket through Redmine's statuses one step at a time, each
        // read back: In Progress when deployment started, Resolved then Closed when it
        // closed
        assertThat(redmine.statusChanges(issue)).containsExactly("In Progress", "Resolved", "Closed");
        assertThat(milestones(api, change)).containsSubsequence("DEPLOYMENT_STARTED", "TO_IMPLEMENTING",
                "CHANGE_CLOSED", "TO_CLOSED");
        // the ticket's status as Redmine reported it after the last move
        assertThat(ticketOf(api, change).path("status").asText()).isEqualTo("Closed");
    }

    @Test
    void notesWrittenWhileRedmineIsDownArriveOnceAndInOrderWhenItIsBack() {
        ApiClient api = api();
        String issue = redmine.createIssue(PROJECT, "Please patch tzdata on acme-web-02", "Raised by the web team");
        String change = submit(api, "tzdata on acme-web-02", "debian:tzdata:", "acme-web-02", issue);
        await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> redmine.notes(issue), notes -> !notes.isEmpty());

        redmine.stop();
        driveToClosed(api, change);
        // the change went on without Redmine; its later notes wait, saying why
        List<JsonNode> waiting = await().atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> undelivered(ticketOf(api, change)).stream()
                .filter(n -> n.path("attempts").asInt() >= 2 && !n.path("lastError").asText().isEmpty())
                .toList(), notes -> !notes.isEmpty());
        assertThat(waiting.get(0).path("lastError").asText()).contains("redmine did not answer");
        assertThat(milestones(api, change)).endsWith("CHANGE_CLOSED", "TO_CLOSED");

        redmine.start();
        awaitAllDelivered(api, change);
        assertRedmineHoldsExactly(api, change, issue);
        assertThat(redmine.statusChanges(issue)).as("each move once, in order")
            .containsExactly("In Progress", "Resolved", "Closed");
    }

    private String submit(ApiClient api, String title, String patch, String host, String issue) {
        ApiClient.Response submitted = api.post("alice", "/api/changes",
                Map.of("customerId", "acme", "title", title, "patchIds", List.of(DemoLookup.patch(api, "alice", patch)),
                        "assetIds", List.of(DemoLookup.asset(api, "alice", "acme", host)), "ticketReference", issue));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String change = submitted.json().path("id").asText();
        JsonNode ticket = ticketOf(api, change);
        assertThat(ticket.path("system").asText()).isEqualTo("redmine");
        assertThat(ticket.path("reference").asText()).isEqualTo(issue);
        assertThat(ticket.path("title").asText()).isEqualTo(redmine.issue(issue).path("subject").asText());
        return change;
    }

    /**
     * Approves whatever the change asks bob and carol for (a technical review, one CAB
     * seat each) until it is closed.
     */
    private static void driveToClosed(ApiClient api, String change) {
        Set<String> voted = new HashSet<>();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (String approver : List.of("bob", "carol")) {
                for (String review : DemoLookup.taskIds(api, approver, change, PatchChange.TASK_REVIEW_TECHNICALLY)) {
                    api.post(approver, "/api/tasks/" + review + "/complete",
                            Map.of("variables", Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.APPROVE)));
                }
                List<String> seats = DemoLookup.taskIds(api, approver, change, PatchChange.TASK_APPROVE_CHANGE);
                if (!seats.isEmpty() && voted.add(approver)) {
                    assertThat(api
                        .post(approver, "/api/tasks/" + seats.get(0) + "/complete",
                                Map.of("variables", Map.of(PatchChange.VAR_CAB_VOTE, CabVote.APPROVE)))
                        .status()).isEqualTo(204);
                }
            }
            JsonNode details = api.get("alice", "/api/changes/" + change).json().path("change");
            return "CLOSED".equals(details.path("status").asText());
        });
        assertThat(api.get("alice", "/api/changes/" + change).json().path("change").path("outcome").asText())
            .isEqualTo("SUCCESSFUL");
    }

    /** Waits until every note Patchflow wrote is delivered; answers their milestones. */
    private static List<String> awaitAllDelivered(ApiClient api, String change) {
        // the closing note is written after the change is closed
        await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> ticketOf(api, change), ticket -> undelivered(ticket).isEmpty()
                    && ticket.path("notes").findValuesAsText("milestone").contains("TO_CLOSED"));
        return milestones(api, change);
    }

    /**
     * Redmine's journals on the issue are the notes Patchflow wrote, each once, in the
     * same order, each ending with its marker line.
     */
    private static void assertRedmineHoldsExactly(ApiClient api, String change, String issue) {
        JsonNode notes = ticketOf(api, change).path("notes");
        List<String> expectedBodies = new ArrayList<>();
        List<String> expectedMilestones = new ArrayList<>();
        for (JsonNode note : notes) {
            assertThat(note.path("refused").asBoolean()).as("refused: " + note).isFalse();
            if (note.path("milestone").asText().startsWith("TO_")) {
                continue; // a move: a status change on the issue, not a note
            }
            expectedBodies.add(normalized(note.path("body").asText()));
            expectedMilestones.add(note.path("milestone").asText());
        }
        List<String> bodies = new ArrayList<>();
        List<String> milestones = new ArrayList<>();
        Map<String, Integer> markers = new HashMap<>();
        for (String note : redmine.notes(issue)) {
            List<String> lines = note.lines().map(String::strip).toList();
            String marker = lines.get(lines.size() - 1);
            assertThat(marker).as("last line of a note on issue " + issue).startsWith(MARKER + change + ":");
            markers.merge(marker, 1, Integer::sum);
            milestones.add(marker.substring((MARKER + change + ":").length()).split(":")[0]);
            bodies.add(normalized(String.join("\n", lines.subList(0, lines.size() - 1))));
        }
        assertThat(markers).as("notes per marker").allSatisfy((marker, count) -> assertThat(count).isEqualTo(1));
        assertThat(milestones).isEqualTo(expectedMilestones);
        assertThat(bodies).isEqualTo(expectedBodies);
    }

    /** Redmine keeps text with CRLF line ends. */
    private static String normalized(String text) {
        return String.join("\n", text.lines().map(String::strip).toList()).strip();
    }

    private static List<String> milestones(ApiClient api, String change) {
        return ticketOf(api, change).path("notes").findValuesAsText("milestone");
    }

    private static JsonNode ticketOf(ApiClient api, String change) {
        JsonNode tickets = api.get("alice", "/api/changes/" + change).json().path("tickets");
        assertThat(tickets).hasSize(1);
        return tickets.get(0);
    }

    private static List<JsonNode> undelivered(JsonNode ticket) {
        List<JsonNode> waiting = new ArrayList<>();
        ticket.path("notes").forEach(n -> {
            if (!n.path("delivered").asBoolean()) {
                waiting.add(n);
            }
        });
        return waiting;
    }

    private static Map<String, Object> connection(String baseUrl, String key, boolean active) {
        Map<String, Object> connection = new HashMap<>();
        connection.put("baseUrl", baseUrl);
        connection.put("username", null);
        connection.put("secret", key);
        connection.put("settings", Map.of("project", PROJECT));
        connection.put("webhookSecret", null);
        connection.put("active", active);
        return connection;
    }

}
