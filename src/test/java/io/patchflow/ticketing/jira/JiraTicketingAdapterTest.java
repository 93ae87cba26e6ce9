package io.patchflow.ticketing.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.patchflow.ticketing.TicketDetails;
import io.patchflow.ticketing.TicketNotFoundException;
import io.patchflow.ticketing.TicketStage;
import io.patchflow.ticketing.TicketingConnection;
import io.patchflow.ticketing.TicketingConnections;
import io.patchflow.ticketing.TicketTransitionException;
import io.patchflow.ticketing.TicketingException;

/**
 * The Jira adapter against a WireMock Jira Cloud answering with the shapes in
 * api-shapes.md section 1 (Jira platform REST API v2).
 */
class JiraTicketingAdapterTest {

    @RegisterExtension
    static WireMockExtension jira = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String EMAIL = "ops-bot@acme.example";

    private static final String TOKEN = "ATATT3xFfGF0-s3cret-token";

    private static final String AUTHORIZATION = "Basic "
            + Base64.getEncoder().encodeToString((EMAIL + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));

    private static final String MARKER = "patchflow-note:CHG-7:APPROVED";

    private Map<String, String> settings = Map.of("project", "OPS");

    private JiraTicketingAdapter adapter;

    @BeforeEach
    void adapter() {
        adapter = adapterTimingOutAfter(Duration.ofSeconds(5));
    }

    private JiraTicketingAdapter adapterTimingOutAfter(Duration timeout) {
        TicketingConnections connections = new TicketingConnections() {
            @Override
            public Optional<TicketingConnection> find(String customerId, String system) {
                return Optional.of(new TicketingConnection(customerId, system, URI.create(jira.baseUrl()), EMAIL, TOKEN,
                        settings));
            }

            @Override
            public String activeSystem(String customerId) {
                return "jira";
            }
        };
        return new JiraTicketingAdapter(connections, new ObjectMapper(), timeout);
    }

    private static String issue(String key, String status, String categoryKey) {
        return """
                {"expand": "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
                 "id": "10042", "self": "https://acme.atlassian.net/rest/api/2/issue/10042", "key": "%s",
                 "fields": {"summary": "Printer on fire", "description": "Tray 2 is smoking.",
                   "status": {"self": "https://acme.atlassian.net/rest/api/2/status/3", "description": "",
                     "name": "%s", "id": "3",
                     "statusCategory": {"self": "https://acme.atlassian.net/rest/api/2/statuscategory/4",
                       "id": 4, "key": "%s", "colorName": "yellow", "name": "In Progress"}}}}
                """.formatted(key, status, categoryKey);
    }

    private static String comments(int startAt, int total, String... bodies) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < bodies.length; i++) {
            items.append(i == 0 ? "" : ",").append("""
                    {"self": "https://acme.atlassian.net/rest/api/2/issue/10042/comment/1010%d", "id": "1010%d",
                     "author": {"accountId": "5b10a2844c20165700ede21g", "displayName": "Integration Bot"},
                     "body": "%s", "created": "2021-01-17T12:34:00.000+0000",
                     "updated": "2021-01-17T12:34:00.000+0000", "jsdPublic": false}
                    """.formatted(startAt + i, startAt + i, bodies[i]));
        }
        return """
                {"startAt": %d, "maxResults": 100, "total": %d, "comments": [%s]}
                """.formatted(startAt, total, items);
    }

    @Test
    void findReadsSummaryStatusAndDescriptionAsTheAccount() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/OPS-17"))
            .willReturn(okJson(issue("OPS-17", "In Progress", "indeterminate"))));

        TicketDetails details = adapter.find("acme", "OPS-17");

        assertThat(details)
            .isEqualTo(new TicketDetails("OPS-17", "Printer on fire", "In Progress", "Tray 2 is smoking."));
        jira.verify(exactly(1),
                getRequestedFor(urlPathEqualTo("/rest/api/2/issue/OPS-17"))
                    .withQueryParam("fields", equalTo("summary,status,description"))
                    .withHeader("Authorization", equalTo(AUTHORIZATION))
                    .withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void anIssueJiraDoesNotKnowIsNotFound() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/OPS-404")).willReturn(aResponse().withStatus(404)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"errorMessages\":[\"Issue does not exist or you do not have permission to see it.\"],"
                    + "\"errors\":{}}")));

        assertThatThrownBy(() -> adapter.find("acme", "OPS-404")).isInstanceOf(TicketNotFoundException.class);
    }

    @Test
    void aReferenceThatIsNoIssueKeyIsNotFoundWithoutACall() {
        assertThatThrownBy(() -> adapter.find("acme", "../admin")).isInstanceOf(TicketNotFoundException.class);
        assertThat(jira.getAllServeEvents()).isEmpty();
    }

    @Test
    void refusedCredentialsFailWithoutTheTokenInTheMessage() {
        // Jira's 401 is often not JSON (api-shapes.md 1.7)
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/OPS-17")).willReturn(aResponse().withStatus(401)
            .withHeader("Content-Type", "text/plain")
            .withBody("Basic authentication with passwords is deprecated.")));

        assertThatThrownBy(() -> adapter.find("acme", "OPS-17")).isInstanceOf(TicketingException.class)
            .isNotInstanceOf(TicketNotFoundException.class)
            .hasMessageContaining("refused the saved credentials")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN)
                .doesNotContain(AUTHORIZATION.substring("Basic ".length())));
    }

    @Test
    void aRateLimitSaysHowLongToWait() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/OPS-17")).willReturn(aResponse().withStatus(429)
            .withHeader("Retry-After", "30")
            .withHeader("RateLimit-Reason", "jira-burst-based")));

        assertThatThrownBy(() -> adapter.find("acme", "OPS-17")).isInstanceOfSatisfying(TicketingException.class,
                e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(30)));
    }

    @ParameterizedTest
    @ValueSource(ints = { 500, 503 })
    void aServerErrorIsATicketingFailureToRetry(int status) {
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/OPS-17")).willReturn(aResponse().withStatus(status)));

        assertThatThrownBy(() -> adapter.find("acme", "OPS-17")).isInstanceOf(TicketingException.class)
            .isNotInstanceOf(TicketNotFoundException.class)
            .hasMessageContaining(String.valueOf(status));
    }

    @Test
    void addNotePostsOneInternalComment() {
        jira.stubFor(post(urlPathEqualTo("/rest/api/2/issue/OPS-17/comment"))
            .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("""
                    {"self": "https://acme.atlassian.net/rest/api/2/issue/10042/comment/10100", "id": "10100",
                     "body": "Approved.\\n\\npatchflow-note:CHG-7:APPROVED", "created": "2021-01-17T12:34:00.000+0000",
                     "updated": "2021-01-17T12:34:00.000+0000", "jsdPublic": false}
                    """)));

        adapter.addNote("acme", "OPS-17", "Approved.\n\n" + MARKER, MARKER);

        jira.verify(exactly(1),
                postRequestedFor(urlPathEqualTo("/rest/api/2/issue/OPS-17/comment"))
                    .withHeader("Authorization", equalTo(AUTHORIZATION))
                    .withHeader("Content-Type", equalTo("application/json"))
                    .withRequestBody(equalToJson("""
                            {"body": "Approved.\\n\\npatchflow-note:CHG-7:APPROVED",
                             "properties": [{"key": "sd.public.comment", "value": {"internal": true}}]}
                            """)));
        assertThat(jira.getAllServeEvents()).hasSize(1);
    }

    @Test
    void addNoteMakesAPublicCommentWhenTheConnectionSaysSo() {
        settings = Map.of("project", "OPS", "internalComments", "false");
        adapter();
        jira.stubFor(post(urlPathEqualTo("/rest/api/2/issue/OPS-17/comment"))
            .willReturn(aResponse().withStatus(201).withBody("{\"id\": \"10100\"}")));

        adapter.addNote("acme", "OPS-17", "Approved.", MARKER);

        jira.verify(exactly(1), postRequestedFor(urlPathEqualTo("/rest/api/2/issue/OPS-17/comment"))
            .withRequestBody(equalToJson("{\"body\": \"Approved.\"}")));
    }

    @Test
    void hasNoteFindsTheMarkerOnALaterPageOfComments() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/OPS-17/comment")).withQueryParam("startAt", equalTo("0"))
            .willReturn(okJson(comments(0, 2, "Submitted.\\n\\npatchflow-note:CHG-7:SUBMITTED"))));
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/OPS-17/comment")).withQueryParam("startAt", equalTo("1"))
            .willReturn(okJson(comments(1, 2, "Approved.\\n\\npatchflow-note:CHG-7:APPROVED"))));

        assertThat(adapter.hasNote("acme", "OPS-17", MARKER)).isTrue();

        jira.verify(exactly(1),
                getRequestedFor(urlPathEqualTo("/rest/api/2/issue/OPS-17/comment"))
                    .withQueryParam("startAt", equalTo("0"))
                    .withQueryParam("maxResults", equalTo("100"))
                    .withHeader("Authorization", equalTo(AUTHORIZATION)));
        jira.verify(exactly(1), getRequestedFor(urlPathEqualTo("/rest/api/2/issue/OPS-17/comment"))
            .withQueryParam("startAt", equalTo("1")));
    }

    @Test
    void hasNoteIsFalseWhenNoCommentHoldsTheMarker() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/OPS-17/comment"))
            .willReturn(okJson(comments(0, 1, "Submitted.\\n\\npatchflow-note:CHG-7:SUBMITTED"))));

        assertThat(adapter.hasNote("acme", "OPS-17", MARKER)).isFalse();
        jira.verify(exactly(1), getRequestedFor(urlPathEqualTo("/rest/api/2/issue/OPS-17/comment")));
    }

    @Test
    void openIncidentReturnsTheIncidentAnEarlierAttemptOpened() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/search/jql"))
            .willReturn(okJson("{\"issues\": [{\"id\": \"10050\", \"key\": \"OPS-20\"}], \"isLast\": true}")));

        String reference = adapter.openIncident("acme", "Patch change CHG-7 failed", "2 assets failed.",
                "CHG-7:INCIDENT");

        assertThat(reference).isEqualTo("OPS-20");
        jira.verify(exactly(1),
                getRequestedFor(urlPathEqualTo("/rest/api/2/search/jql"))
                    .withQueryParam("jql", equalTo("project = \"OPS\" AND labels = \"patchflow-CHG-7-INCIDENT\""))
                    .withQueryParam("maxResults", equalTo("1"))
                    .withHeader("Authorization", equalTo(AUTHORIZATION)));
        jira.verify(exactly(0), postRequestedFor(urlPathEqualTo("/rest/api/2/issue")));
    }

    @Test
    void openIncidentCreatesOneLabelledIncidentWhenNoneCarriesTheMarker() {
        jira.stubFor(
                get(urlPathEqualTo("/rest/api/2/search/jql")).willReturn(okJson("{\"issues\": [], \"isLast\": true}")));
        jira.stubFor(post(urlPathEqualTo("/rest/api/2/issue")).willReturn(aResponse().withStatus(201)
            .withHeader("Content-Type", "application/json")
            .withBody(
                    "{\"id\": \"10051\", \"key\": \"OPS-21\", \"self\": \"https://acme.atlassian.net/rest/api/2/issue/10051\"}")));

        String reference = adapter.openIncident("acme", "Patch change CHG-7 failed", "2 assets failed.",
                "CHG-7:INCIDENT");

        assertThat(reference).isEqualTo("OPS-21");
        jira.verify(exactly(1), postRequestedFor(urlPathEqualTo("/rest/api/2/issue"))
            .withHeader("Authorization", equalTo(AUTHORIZATION))
            .withRequestBody(equalToJson("""
                    {"fields": {"project": {"key": "OPS"}, "issuetype": {"name": "Incident"},
                     "summary": "Patch change CHG-7 failed", "description": "2 assets failed.\\n\\nCHG-7:INCIDENT",
                     "labels": ["patchflow-CHG-7-INCIDENT"]}}
                    """)));
    }

    @Test
    void openIncidentWithoutAProjectSettingFailsBeforeAnyCall() {
        settings = Map.of();
        adapter();

        assertThatThrownBy(() -> adapter.openIncident("acme", "t", "b", "CHG-7:INCIDENT"))
            .isInstanceOf(TicketingException.class)
            .hasMessageContaining("'project'");
        assertThat(jira.getAllServeEvents()).isEmpty();
    }

    /** The issue walks To Do → In Progress → Done, each status read back. */
    private void workflowFromToDo() {
        String flow = "workflow";
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/OPS-17")).inScenario(flow)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(issue("OPS-17", "To Do", "new"))));
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/OPS-17/transitions")).inScenario(flow)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                    okJson("""
                            {"expand": "transitions", "transitions": [
                              {"id": "21", "name": "Start Progress", "to": {"name": "In Progress", "id": "3",
                                "statusCategory": {"id": 4, "key": "indeterminate", "colorName": "yellow", "name": "In Progress"}}},
                              {"id": "41", "name": "Cancel", "to": {"name": "Cancelled", "id": "10002",
                                "statusCategory": {"id": 3, "key": "done", "colorName": "green", "name": "Done"}}}]}
                            """)));
        jira.stubFor(post(urlPathEqualTo("/rest/api/2/issue/OPS-17/transitions")).inScenario(flow)
            .whenScenarioStateIs(Scenario.STARTED)
            .withRequestBody(equalToJson("{\"transition\": {\"id\": \"21\"}}"))
            .willReturn(aResponse().withStatus(204))
            .willSetStateTo("in progress"));
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/OPS-17")).inScenario(flow)
            .whenScenarioStateIs("in progress")
            .willReturn(okJson(issue("OPS-17", "In Progress", "indeterminate"))));
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/OPS-17/transitions")).inScenario(flow)
            .whenScenarioStateIs("in progress")
            .willReturn(okJson("""
                    {"expand": "transitions", "transitions": [
                      {"id": "31", "name": "Done", "to": {"name": "Done", "id": "10001",
                        "statusCategory": {"id": 3, "key": "done", "colorName": "green", "name": "Done"}}}]}
                    """)));
        jira.stubFor(post(urlPathEqualTo("/rest/api/2/issue/OPS-17/transitions")).inScenario(flow)
            .whenScenarioStateIs("in progress")
            .withRequestBody(equalToJson("{\"transition\": {\"id\": \"31\"}}"))
            .willReturn(aResponse().withStatus(204))
            .willSetStateTo("done"));
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/OPS-17")).inScenario(flow)
            .whenScenarioStateIs("done")
            .willReturn(okJson(issue("OPS-17", "Done", "done"))));
    }

    /** Every request WireMock saw, oldest first, as "METHOD path [body]". */
    private static List<String> calls() {
        List<ServeEvent> events = new ArrayList<>(jira.getAllServeEvents());
        Collections.reverse(events);
        return events.stream()
            .map(ServeEvent::getRequest)
            .map(r -> r.getMethod() + " " + r.getUrl().replaceAll("\\?.*", "")
                    + (r.getBodyAsString().isEmpty() ? "" : " " + r.getBodyAsString()))
            .toList();
    }

    @Test
    void moveToClosedTakesEachTransitionInOrderAndReadsItBack() {
        workflowFromToDo();

        String status = adapter.moveTo("acme", "OPS-17", TicketStage.CLOSED);

        assertThat(status).isEqualTo("Done");
        List<String> calls = calls();
        assertThat(calls).containsExactly("GET /rest/api/2/issue/OPS-17", "GET /rest/api/2/issue/OPS-17/transitions",
                "POST /rest/api/2/issue/OPS-17/transitions {\"transition\":{\"id\":\"21\"}}",
                "GET /rest/api/2/issue/OPS-17", "GET /rest/api/2/issue/OPS-17/transitions",
                "POST /rest/api/2/issue/OPS-17/transitions {\"transition\":{\"id\":\"31\"}}",
                "GET /rest/api/2/issue/OPS-17");
        jira.verify(exactly(2), postRequestedFor(urlPathEqualTo("/rest/api/2/issue/OPS-17/transitions"))
            .withHeader("Authorization", equalTo(AUTHORIZATION)));
    }

    @Test
    void moveToImplementingStopsAtInProgress() {
        workflowFromToDo();

        assertThat(adapter.moveTo("acme", "OPS-17", TicketStage.IMPLEMENTING)).isEqualTo("In Progress");
        jira.verify(exactly(1), postRequestedFor(urlPathEqualTo("/rest/api/2/issue/OPS-17/transitions")));
    }

    @Test
    void moveToFollowsTheWorkflowTheConnectionNames() {
        settings = Map.of("project", "OPS", "stages.IMPLEMENTING", "Work in progress");
        adapter();
        jira.stubFor(
                get(urlPathEqualTo("/rest/api/2/issue/OPS-17")).willReturn(okJson(issue("OPS-17", "To Do", "new"))));
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/OPS-17/transitions")).willReturn(okJson("""
                {"transitions": [{"id": "21", "name": "Start Progress", "to": {"name": "In Progress", "id": "3"}}]}
                """)));

        assertThatThrownBy(() -> adapter.moveTo("acme", "OPS-17", TicketStage.IMPLEMENTING))
            .isInstanceOf(TicketingException.class)
            .hasMessageContaining("no transition from 'To Do' to 'Work in progress'")
            .hasMessageContaining("In Progress");
        jira.verify(exactly(0), postRequestedFor(urlPathEqualTo("/rest/api/2/issue/OPS-17/transitions")));
    }

    @Test
    void moveToLeavesAnIssueAlreadyThereOrBeyondAlone() {
        jira.stubFor(
                get(urlPathEqualTo("/rest/api/2/issue/OPS-17")).willReturn(okJson(issue("OPS-17", "Done", "done"))));

        assertThat(adapter.moveTo("acme", "OPS-17", TicketStage.CLOSED)).isEqualTo("Done");
        assertThat(adapter.moveTo("acme", "OPS-17", TicketStage.IMPLEMENTING)).isEqualTo("Done");

        jira.verify(exactly(0), getRequestedFor(urlPathEqualTo("/rest/api/2/issue/OPS-17/transitions")));
        jira.verify(exactly(0), postRequestedFor(urlPathEqualTo("/rest/api/2/issue/OPS-17/transitions")));
    }

    @Test
    void moveToReportsATransitionJiraIgnored() {
        // 204 for the transition, yet the issue reads back unchanged (e.g. a workflow
        // post-function that put it back)
        jira.stubFor(
                get(urlPathEqualTo("/rest/api/2/issue/OPS-17")).willReturn(okJson(issue("OPS-17", "To Do", "new"))));
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/OPS-17/transitions")).willReturn(okJson("""
                {"transitions": [{"id": "21", "name": "Start Progress", "to": {"name": "In Progress", "id": "3"}}]}
                """)));
        jira.stubFor(
                post(urlPathEqualTo("/rest/api/2/issue/OPS-17/transitions")).willReturn(aResponse().withStatus(204)));

        assertThatThrownBy(() -> adapter.moveTo("acme", "OPS-17", TicketStage.CLOSED))
            .isInstanceOf(TicketTransitionException.class)
            .hasMessage("Jira ignored the transition from 'To Do' to 'In Progress' on OPS-17: it is still 'To Do'");
        jira.verify(exactly(1), postRequestedFor(urlPathEqualTo("/rest/api/2/issue/OPS-17/transitions")));
    }

    /**
     * The outbox's sequence (ADR 0042): the first post reaches Jira but its answer is
     * lost; the second attempt asks for the marker first and posts nothing.
     */
    private void aCommentWhoseAnswerIsLost(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder lost) {
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/OPS-17/comment")).inScenario("lost answer")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(comments(0, 0))));
        jira.stubFor(post(urlPathEqualTo("/rest/api/2/issue/OPS-17/comment")).inScenario("lost answer")
            .willReturn(lost)
            .willSetStateTo("posted"));
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/OPS-17/comment")).inScenario("lost answer")
            .whenScenarioStateIs("posted")
            .willReturn(okJson(comments(0, 1, "Approved.\\n\\npatchflow-note:CHG-7:APPROVED"))));
    }

    private void deliverTwiceAsTheOutboxDoes(JiraTicketingAdapter adapter) {
        assertThatThrownBy(() -> adapter.addNote("acme", "OPS-17", "Approved.\n\n" + MARKER, MARKER))
            .isInstanceOf(TicketingException.class);
        if (!adapter.hasNote("acme", "OPS-17", MARKER)) {
            adapter.addNote("acme", "OPS-17", "Approved.\n\n" + MARKER, MARKER);
        }
    }

    @Test
    void aRetryAfterADroppedConnectionDoesNotPostTheNoteAgain() {
        aCommentWhoseAnswerIsLost(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        deliverTwiceAsTheOutboxDoes(adapter);

        jira.verify(exactly(1), postRequestedFor(urlPathEqualTo("/rest/api/2/issue/OPS-17/comment")));
    }

    @Test
    void aRetryAfterATimeoutDoesNotPostTheNoteAgain() {
        aCommentWhoseAnswerIsLost(aResponse().withStatus(201).withBody("{\"id\": \"10100\"}").withFixedDelay(3000));

        deliverTwiceAsTheOutboxDoes(adapterTimingOutAfter(Duration.ofMillis(300)));

        jira.verify(exactly(1), postRequestedFor(urlPathEqualTo("/rest/api/2/issue/OPS-17/comment")));
    }

}
