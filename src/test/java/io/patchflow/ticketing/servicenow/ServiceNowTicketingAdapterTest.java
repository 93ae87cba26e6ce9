package io.patchflow.ticketing.servicenow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
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
 * The ServiceNow adapter against a WireMock instance answering with the Table API shapes
 * in api-shapes.md section 2 (records read with {@code sysparm_display_value=all}).
 */
class ServiceNowTicketingAdapterTest {

    @RegisterExtension
    static WireMockExtension sn = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String USER = "patchflow.integration";

    private static final String PASSWORD = "Sn0w-s3cret-pass";

    private static final String AUTHORIZATION = "Basic "
            + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    private static final String MARKER = "patchflow-note:CHG-7:APPROVED";

    private static final String INC_ID = "9d385017c611228701d22104cc95c371";

    private static final String CHG_ID = "c83c5e5347c12200e0ef563dbb9a7190";

    private Map<String, String> settings = Map.of();

    private ServiceNowTicketingAdapter adapter;

    @BeforeEach
    void adapter() {
        adapter = adapterTimingOutAfter(Duration.ofSeconds(5));
    }

    private ServiceNowTicketingAdapter adapterTimingOutAfter(Duration timeout) {
        TicketingConnections connections = new TicketingConnections() {
            @Override
            public Optional<TicketingConnection> find(String customerId, String system) {
                return Optional.of(new TicketingConnection(customerId, system, URI.create(sn.baseUrl()), USER, PASSWORD,
                        settings));
            }

            @Override
            public String activeSystem(String customerId) {
                return "servicenow";
            }
        };
        return new ServiceNowTicketingAdapter(connections, new ObjectMapper(), timeout);
    }

    /** A record as {@code sysparm_display_value=all} answers it. */
    private static String record(String sysId, String number, String state, String stateLabel, String type) {
        return """
                {"sys_id": {"display_value": "%s", "value": "%s"},
                 "number": {"display_value": "%s", "value": "%s"},
                 "short_description": {"display_value": "Printer on fire", "value": "Printer on fire"},
                 "description": {"display_value": "Tray 2 is smoking.", "value": "Tray 2 is smoking."},
                 "state": {"display_value": "%s", "value": "%s"}%s}
                """.formatted(sysId, sysId, number, number, stateLabel, state,
                type == null ? "" : ", \"type\": {\"display_value\": \"" + type + "\", \"value\": \"" + type + "\"}");
    }

    private static void incidentIs(String state, String label) {
        sn.stubFor(get(urlPathEqualTo("/api/now/table/incident"))
            .withQueryParam("sysparm_query", equalTo("number=INC0010001"))
            .willReturn(okJson("{\"result\": [" + record(INC_ID, "INC0010001", state, label, null) + "]}")));
    }

    private static void changeIs(String state, String label, String type) {
        sn.stubFor(get(urlPathEqualTo("/api/now/table/change_request"))
            .withQueryParam("sysparm_query", equalTo("number=CHG0030001"))
            .willReturn(okJson("{\"result\": [" + record(CHG_ID, "CHG0030001", state, label, type) + "]}")));
    }

    @Test
    void findLooksTheNumberUpAndNamesTheState() {
        incidentIs("2", "In Progress");

        TicketDetails details = adapter.find("acme", "INC0010001");

        assertThat(details)
            .isEqualTo(new TicketDetails("INC0010001", "Printer on fire", "In Progress", "Tray 2 is smoking."));
        sn.verify(exactly(1),
                getRequestedFor(urlPathEqualTo("/api/now/table/incident"))
                    .withQueryParam("sysparm_query", equalTo("number=INC0010001"))
                    .withQueryParam("sysparm_limit", equalTo("1"))
                    .withQueryParam("sysparm_fields", equalTo("sys_id,number,short_description,description,state"))
                    .withQueryParam("sysparm_display_value", equalTo("all"))
                    .withHeader("Authorization", equalTo(AUTHORIZATION)));
    }

    @Test
    void aChangeRequestIsReadFromItsOwnTable() {
        changeIs("-2", "Scheduled", "normal");

        assertThat(adapter.find("acme", "chg0030001").status()).isEqualTo("Scheduled");
        sn.verify(getRequestedFor(urlPathEqualTo("/api/now/table/change_request")).withQueryParam("sysparm_fields",
                equalTo("sys_id,number,short_description,description,state,type")));
    }

    @Test
    void aNumberServiceNowDoesNotKnowIsNotFound() {
        // an unknown number is an empty result with 200, not a 404
        sn.stubFor(get(urlPathEqualTo("/api/now/table/incident")).willReturn(okJson("{\"result\": []}")));

        assertThatThrownBy(() -> adapter.find("acme", "INC0099999")).isInstanceOf(TicketNotFoundException.class);
    }

    @Test
    void aNotFoundAnswerIsNotFound() {
        sn.stubFor(get(urlPathEqualTo("/api/now/table/incident")).willReturn(aResponse().withStatus(404)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"error\": {\"message\": \"No Record found\", \"detail\": \"Record doesn't exist or ACL "
                    + "restricts the record retrieval\"}, \"status\": \"failure\"}")));

        assertThatThrownBy(() -> adapter.find("acme", "INC0010001")).isInstanceOf(TicketNotFoundException.class);
    }

    @Test
    void aReferenceOfAnotherTableIsNotFoundWithoutACall() {
        assertThatThrownBy(() -> adapter.find("acme", "RITM0010001")).isInstanceOf(TicketNotFoundException.class);
        assertThatThrownBy(() -> adapter.find("acme", "INC001^ORnumber=INC2"))
            .isInstanceOf(TicketNotFoundException.class);
        assertThat(sn.getAllServeEvents()).isEmpty();
    }

    @Test
    void refusedCredentialsFailWithoutThePasswordInTheMessage() {
        sn.stubFor(get(urlPathEqualTo("/api/now/table/incident")).willReturn(aResponse().withStatus(401)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"error\": {\"message\": \"User Not Authenticated\", \"detail\": \"Required to provide Auth "
                    + "information\"}, \"status\": \"failure\"}")));

        assertThatThrownBy(() -> adapter.find("acme", "INC0010001")).isInstanceOf(TicketingException.class)
            .isNotInstanceOf(TicketNotFoundException.class)
            .hasMessageContaining("refused the saved credentials")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD)
                .doesNotContain(AUTHORIZATION.substring("Basic ".length())));
    }

    @Test
    void aRateLimitSaysHowLongToWait() {
        sn.stubFor(get(urlPathEqualTo("/api/now/table/incident")).willReturn(aResponse().withStatus(429)
            .withHeader("Retry-After", "30")
            .withHeader("X-RateLimit-Limit", "1000")
            .withHeader("X-RateLimit-Reset", "1714567890")
            .withHeader("Content-Type", "application/json")
            .withBody(
                    "{\"error\": {\"message\": \"Rate limit exceeded\", \"detail\": null}, \"status\": \"failure\"}")));

        assertThatThrownBy(() -> adapter.find("acme", "INC0010001")).isInstanceOfSatisfying(TicketingException.class,
                e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(30)));
    }

    @ParameterizedTest
    @ValueSource(ints = { 500, 503 })
    void aServerErrorIsATicketingFailureToRetry(int status) {
        sn.stubFor(get(urlPathEqualTo("/api/now/table/incident")).willReturn(aResponse().withStatus(status)
            .withHeader("Content-Type", "text/html")
            .withBody("<html><body>Bad gateway</body></html>")));

        assertThatThrownBy(() -> adapter.find("acme", "INC0010001")).isInstanceOf(TicketingException.class)
            .isNotInstanceOf(TicketNotFoundException.class)
            .hasMessageContaining(String.valueOf(status));
    }

    @Test
    void aHibernatingInstanceIsAFailureNotAnEmptyAnswer() {
        sn.stubFor(get(urlPathEqualTo("/api/now/table/incident")).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "text/html")
            .withBody("<html><title>Instance Hibernating page</title></html>")));

        assertThatThrownBy(() -> adapter.find("acme", "INC0010001")).isInstanceOf(TicketingException.class)
            .isNotInstanceOf(TicketNotFoundException.class)
            .hasMessageContaining("not JSON");
    }

    @Test
    void addNotePatchesOneWorkNoteOntoTheRecord() {
        incidentIs("2", "In Progress");
        sn.stubFor(patch(urlPathEqualTo("/api/now/table/incident/" + INC_ID))
            .willReturn(okJson("{\"result\": {\"sys_id\": \"" + INC_ID + "\", \"number\": \"INC0010001\", "
                    + "\"state\": \"2\", \"work_notes\": \"\"}}")));

        adapter.addNote("acme", "INC0010001", "Approved.\n\n" + MARKER, MARKER);

        sn.verify(exactly(1), patchRequestedFor(urlPathEqualTo("/api/now/table/incident/" + INC_ID))
            .withHeader("Authorization", equalTo(AUTHORIZATION))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(equalToJson("{\"work_notes\": \"Approved.\\n\\npatchflow-note:CHG-7:APPROVED\"}")));
        assertThat(calls()).containsExactly("GET /api/now/table/incident",
                "PATCH /api/now/table/incident/" + INC_ID + " {\"work_notes\":\"Approved.\\n\\n" + MARKER + "\"}");
    }

    private static void journalHolds(String answer) {
        sn.stubFor(get(urlPathEqualTo("/api/now/table/sys_journal_field")).willReturn(okJson(answer)));
    }

    @Test
    void hasNoteAsksTheJournalForTheMarker() {
        changeIs("-1", "Implement", "normal");
        journalHolds("{\"result\": [{\"sys_id\": \"43551e0c1b2a\"}]}");

        assertThat(adapter.hasNote("acme", "CHG0030001", MARKER)).isTrue();

        sn.verify(exactly(1),
                getRequestedFor(urlPathEqualTo("/api/now/table/sys_journal_field"))
                    .withQueryParam("sysparm_query",
                            equalTo("element_id=" + CHG_ID
                                    + "^element=work_notes^valueLIKEpatchflow-note:CHG-7:APPROVED"))
                    .withQueryParam("sysparm_limit", equalTo("1"))
                    .withHeader("Authorization", equalTo(AUTHORIZATION)));
    }

    @Test
    void hasNoteIsFalseWhenTheJournalHasNoSuchNote() {
        changeIs("-1", "Implement", "normal");
        journalHolds("{\"result\": []}");

        assertThat(adapter.hasNote("acme", "CHG0030001", MARKER)).isFalse();
    }

    @Test
    void openIncidentReturnsTheIncidentCarryingTheMarker() {
        sn.stubFor(get(urlPathEqualTo("/api/now/table/incident"))
            .withQueryParam("sysparm_query", equalTo("correlation_id=CHG-7:INCIDENT"))
            .willReturn(okJson("{\"result\": [{\"number\": \"INC0010002\"}]}")));

        assertThat(adapter.openIncident("acme", "Patch change CHG-7 failed", "2 assets failed.", "CHG-7:INCIDENT"))
            .isEqualTo("INC0010002");

        sn.verify(exactly(1),
                getRequestedFor(urlPathEqualTo("/api/now/table/incident"))
                    .withQueryParam("sysparm_query", equalTo("correlation_id=CHG-7:INCIDENT"))
                    .withQueryParam("sysparm_limit", equalTo("1"))
                    .withHeader("Authorization", equalTo(AUTHORIZATION)));
        sn.verify(exactly(0), postRequestedFor(urlPathEqualTo("/api/now/table/incident")));
    }

    @Test
    void openIncidentCreatesOneIncidentWithTheMarkerAsCorrelationId() {
        settings = Map.of("incident.assignment_group", "287ebd7da9fe198100f92cc8d1d2154e", "incident.urgency", "2");
        adapter();
        sn.stubFor(get(urlPathEqualTo("/api/now/table/incident")).willReturn(okJson("{\"result\": []}")));
        sn.stubFor(post(urlPathEqualTo("/api/now/table/incident"))
            .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("""
                    {"result": {"sys_id": "a1b2c3d4e5f60718293a4b5c6d7e8f90", "number": "INC0010003",
                     "short_description": "Patch change CHG-7 failed", "state": "1", "urgency": "2", "impact": "3",
                     "correlation_id": "CHG-7:INCIDENT"}}
                    """)));

        assertThat(adapter.openIncident("acme", "Patch change CHG-7 failed", "2 assets failed.", "CHG-7:INCIDENT"))
            .isEqualTo("INC0010003");

        sn.verify(exactly(1),
                postRequestedFor(urlPathEqualTo("/api/now/table/incident"))
                    .withHeader("Authorization", equalTo(AUTHORIZATION))
                    .withRequestBody(equalToJson("""
                            {"short_description": "Patch change CHG-7 failed",
                             "description": "2 assets failed.\\n\\nCHG-7:INCIDENT",
                             "correlation_id": "CHG-7:INCIDENT", "correlation_display": "Patchflow",
                             "assignment_group": "287ebd7da9fe198100f92cc8d1d2154e", "urgency": "2"}
                            """)));
    }

    /**
     * The record moves through {@code states} ({value, label} pairs, the first the one it
     * is in), one PATCH each in this order only; each read back after its PATCH.
     */
    private static void walks(String table, String sysId, String[]... states) {
        for (int i = 1; i < states.length; i++) {
            sn.stubFor(patch(urlPathEqualTo("/api/now/table/" + table + "/" + sysId)).inScenario("states")
                .whenScenarioStateIs(i == 1 ? Scenario.STARTED : "at " + (i - 1))
                .withRequestBody(matchingJsonPath("$.state", equalTo(states[i][0])))
                .willReturn(
                        okJson("{\"result\": {\"sys_id\": \"" + sysId + "\", \"state\": \"" + states[i][0] + "\"}}"))
                .willSetStateTo("at " + i));
            sn.stubFor(get(urlPathEqualTo("/api/now/table/" + table + "/" + sysId)).inScenario("states")
                .whenScenarioStateIs("at " + i)
                .willReturn(okJson("{\"result\": {\"state\": {\"display_value\": \"" + states[i][1]
                        + "\", \"value\": \"" + states[i][0] + "\"}}}")));
        }
    }

    @Test
    void moveToClosedTakesANormalChangeThroughEachStateInOrder() {
        changeIs("-2", "Scheduled", "normal");
        walks("change_request", CHG_ID, new String[] { "-2", "Scheduled" }, new String[] { "-1", "Implement" },
                new String[] { "0", "Review" }, new String[] { "3", "Closed" });

        assertThat(adapter.moveTo("acme", "CHG0030001", TicketStage.CLOSED)).isEqualTo("Closed");

        String patch = "PATCH /api/now/table/change_request/" + CHG_ID;
        String readBack = "GET /api/now/table/change_request/" + CHG_ID;
        assertThat(calls()).containsExactly("GET /api/now/table/change_request", patch + " {\"state\":\"-1\"}",
                readBack, patch + " {\"state\":\"0\"}", readBack,
                patch + " {\"state\":\"3\",\"close_code\":\"successful\",\"close_notes\":\"Closed by Patchflow: the "
                        + "patch change is closed.\"}",
                readBack);
        sn.verify(exactly(3), patchRequestedFor(urlPathEqualTo("/api/now/table/change_request/" + CHG_ID))
            .withHeader("Authorization", equalTo(AUTHORIZATION)));
        sn.verify(exactly(3), getRequestedFor(urlPathEqualTo("/api/now/table/change_request/" + CHG_ID))
            .withQueryParam("sysparm_fields", equalTo("state")));
    }

    @Test
    void moveToImplementingTakesAStandardChangePastAssessAndAuthorize() {
        changeIs("-5", "New", "standard");
        walks("change_request", CHG_ID, new String[] { "-5", "New" }, new String[] { "-2", "Scheduled" },
                new String[] { "-1", "Implement" });

        assertThat(adapter.moveTo("acme", "CHG0030001", TicketStage.IMPLEMENTING)).isEqualTo("Implement");
        sn.verify(exactly(2), patchRequestedFor(urlPathEqualTo("/api/now/table/change_request/" + CHG_ID)));
    }

    @Test
    void moveToClosedResolvesAnIncidentWithACloseCode() {
        settings = Map.of("closeCode.incident", "Resolved by change", "closeNotes", "CHG-7 closed.");
        adapter();
        incidentIs("1", "New");
        walks("incident", INC_ID, new String[] { "1", "New" }, new String[] { "2", "In Progress" },
                new String[] { "6", "Resolved" });

        assertThat(adapter.moveTo("acme", "INC0010001", TicketStage.CLOSED)).isEqualTo("Resolved");

        sn.verify(exactly(1), patchRequestedFor(urlPathEqualTo("/api/now/table/incident/" + INC_ID))
            .withRequestBody(equalToJson("{\"state\": \"2\"}")));
        sn.verify(exactly(1), patchRequestedFor(urlPathEqualTo("/api/now/table/incident/" + INC_ID))
            .withRequestBody(equalToJson(
                    "{\"state\": \"6\", \"close_code\": \"Resolved by change\", \"close_notes\": \"CHG-7 closed.\"}")));
    }

    @Test
    void moveToLeavesARecordAtTheStageOrBeyondAlone() {
        changeIs("0", "Review", "normal");
        assertThat(adapter.moveTo("acme", "CHG0030001", TicketStage.IMPLEMENTING)).isEqualTo("Review");
        incidentIs("3", "On Hold");
        assertThat(adapter.moveTo("acme", "INC0010001", TicketStage.IMPLEMENTING)).isEqualTo("On Hold");
        changeIs("4", "Canceled", "normal");
        assertThat(adapter.moveTo("acme", "CHG0030001", TicketStage.CLOSED)).isEqualTo("Canceled");

        sn.verify(exactly(0), patchRequestedFor(urlPathEqualTo("/api/now/table/change_request/" + CHG_ID)));
        sn.verify(exactly(0), patchRequestedFor(urlPathEqualTo("/api/now/table/incident/" + INC_ID)));
    }

    @Test
    void moveToReportsAStateChangeServiceNowIgnored() {
        // a normal change in Assess waits for its approvals: the PATCH answers 200 and
        // the state stays what it was
        changeIs("-4", "Assess", "normal");
        sn.stubFor(patch(urlPathEqualTo("/api/now/table/change_request/" + CHG_ID))
            .willReturn(okJson("{\"result\": {\"sys_id\": \"" + CHG_ID + "\", \"state\": \"-4\"}}")));
        sn.stubFor(get(urlPathEqualTo("/api/now/table/change_request/" + CHG_ID))
            .willReturn(okJson("{\"result\": {\"state\": {\"display_value\": \"Assess\", \"value\": \"-4\"}}}")));

        assertThatThrownBy(() -> adapter.moveTo("acme", "CHG0030001", TicketStage.IMPLEMENTING))
            .isInstanceOf(TicketTransitionException.class)
            .hasMessageStartingWith("ServiceNow ignored the transition from Assess (-4) to Authorize (-3) on "
                    + "CHG0030001: it is still Assess (-4)")
            .hasMessageContaining("approvals");
        sn.verify(exactly(1), patchRequestedFor(urlPathEqualTo("/api/now/table/change_request/" + CHG_ID))
            .withRequestBody(equalToJson("{\"state\": \"-3\"}")));
    }

    @Test
    void aRetryAfterALostAnswerDoesNotWriteTheWorkNoteAgain() {
        incidentIs("2", "In Progress");
        sn.stubFor(get(urlPathEqualTo("/api/now/table/sys_journal_field")).inScenario("lost answer")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson("{\"result\": []}")));
        sn.stubFor(patch(urlPathEqualTo("/api/now/table/incident/" + INC_ID)).inScenario("lost answer")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("noted"));
        sn.stubFor(get(urlPathEqualTo("/api/now/table/sys_journal_field")).inScenario("lost answer")
            .whenScenarioStateIs("noted")
            .willReturn(okJson("{\"result\": [{\"sys_id\": \"43551e0c1b2a\"}]}")));

        // the outbox's sequence (ADR 0042): post; on a second attempt ask first
        assertThatThrownBy(() -> adapter.addNote("acme", "INC0010001", "Approved.\n\n" + MARKER, MARKER))
            .isInstanceOf(TicketingException.class);
        if (!adapter.hasNote("acme", "INC0010001", MARKER)) {
            adapter.addNote("acme", "INC0010001", "Approved.\n\n" + MARKER, MARKER);
        }

        sn.verify(exactly(1), patchRequestedFor(urlPathEqualTo("/api/now/table/incident/" + INC_ID)));
    }

    /** Every request WireMock saw, oldest first, as "METHOD path [body]". */
    private static List<String> calls() {
        List<ServeEvent> events = new ArrayList<>(sn.getAllServeEvents());
        Collections.reverse(events);
        return events.stream()
            .map(ServeEvent::getRequest)
            .map(r -> r.getMethod() + " " + r.getUrl().replaceAll("\\?.*", "")
                    + (r.getBodyAsString().isEmpty() ? "" : " " + r.getBodyAsString()))
            .toList();
    }

}
