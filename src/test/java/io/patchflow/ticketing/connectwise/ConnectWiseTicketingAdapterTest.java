package io.patchflow.ticketing.connectwise;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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
 * The ConnectWise adapter against a WireMock PSA answering with the shapes in
 * api-shapes.md section 3; every request must carry the Basic credentials and the
 * clientId.
 */
class ConnectWiseTicketingAdapterTest {

    @RegisterExtension
    static WireMockExtension cw = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String USERNAME = "acme+AbCdPub";

    private static final String PRIVATE_KEY = "XyZPriv-s3cret-key";

    private static final String AUTHORIZATION = "Basic "
            + Base64.getEncoder().encodeToString((USERNAME + ":" + PRIVATE_KEY).getBytes(StandardCharsets.UTF_8));

    private static final String CLIENT_ID = "3b0a4d6e-1c2f-4e5a-9b7c-0d1e2f3a4b5c";

    private static final String MARKER = "patchflow-note:CHG-7:APPROVED";

    private static final String TICKET = "/service/tickets/1255787";

    private Map<String, String> settings = Map.of("clientId", CLIENT_ID, "boardId", "1", "company", "ACME");

    private ConnectWiseTicketingAdapter adapter;

    @BeforeEach
    void adapter() {
        TicketingConnections connections = new TicketingConnections() {
            @Override
            public Optional<TicketingConnection> find(String customerId, String system) {
                return Optional.of(new TicketingConnection(customerId, system,
                        URI.create(cw.baseUrl() + "/v4_6_release/apis/3.0"), USERNAME, PRIVATE_KEY, settings));
            }

            @Override
            public String activeSystem(String customerId) {
                return "connectwise";
            }
        };
        adapter = new ConnectWiseTicketingAdapter(connections, new ObjectMapper(), Duration.ofSeconds(5));
    }

    private static String path(String path) {
        return "/v4_6_release/apis/3.0" + path;
    }

    private static String ticket(String status, int statusId, boolean closed) {
        return """
                {"id": 1255787, "summary": "Printer on fire",
                 "board": {"id": 1, "name": "Help Desk", "_info": {"board_href": "https://cw.example/service/boards/1"}},
                 "status": {"id": %d, "name": "%s", "Sort": 0,
                   "_info": {"status_href": "https://cw.example/service/boards/1/statuses/%d"}},
                 "company": {"id": 250, "identifier": "ACME", "name": "Acme Corp"},
                 "closedFlag": %s,
                 "_info": {"lastUpdated": "2024-05-01T12:34:56Z", "updatedBy": "apiuser",
                   "dateEntered": "2024-05-01T12:00:00Z"}}
                """
            .formatted(statusId, status, statusId, closed);
    }

    private static String note(int id, String text) {
        return """
                {"id": %d, "ticketId": 1255787, "text": "%s", "detailDescriptionFlag": false,
                 "internalAnalysisFlag": true, "resolutionFlag": false,
                 "member": {"id": 150, "identifier": "apiuser", "name": "API User"},
                 "dateCreated": "2024-05-01T12:40:00Z", "createdBy": "apiuser", "internalFlag": true, "externalFlag": false}
                """
            .formatted(id, text);
    }

    @Test
    void findReadsTheTicketWithCredentialsAndClientId() {
        cw.stubFor(get(urlPathEqualTo(path(TICKET))).willReturn(okJson(ticket("New", 16, false))));

        TicketDetails details = adapter.find("acme", "#1255787");

        assertThat(details).isEqualTo(new TicketDetails("1255787", "Printer on fire", "New", ""));
        cw.verify(exactly(1),
                getRequestedFor(urlPathEqualTo(path(TICKET))).withHeader("Authorization", equalTo(AUTHORIZATION))
                    .withHeader("clientId", equalTo(CLIENT_ID)));
    }

    @Test
    void aTicketConnectWiseDoesNotKnowIsNotFound() {
        cw.stubFor(get(urlPathEqualTo(path(TICKET))).willReturn(aResponse().withStatus(404)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"code\": \"NotFound\", \"message\": \"Ticket 1255787 not found\"}")));

        assertThatThrownBy(() -> adapter.find("acme", "1255787")).isInstanceOf(TicketNotFoundException.class);
    }

    @Test
    void aReferenceThatIsNoTicketNumberIsNotFoundWithoutACall() {
        assertThatThrownBy(() -> adapter.find("acme", "../../system/members"))
            .isInstanceOf(TicketNotFoundException.class);
        assertThat(cw.getAllServeEvents()).isEmpty();
    }

    @Test
    void aConnectionWithoutClientIdFailsBeforeAnyCall() {
        settings = Map.of("boardId", "1", "company", "ACME");
        adapter();

        assertThatThrownBy(() -> adapter.find("acme", "1255787")).isInstanceOf(TicketingException.class)
            .hasMessageContaining("'clientId'");
        assertThat(cw.getAllServeEvents()).isEmpty();
    }

    @Test
    void refusedCredentialsFailWithoutThePrivateKeyInTheMessage() {
        cw.stubFor(get(urlPathEqualTo(path(TICKET))).willReturn(aResponse().withStatus(401)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"code\": \"Unauthorized\", \"message\": \"The supplied authentication is incorrect\"}")));

        assertThatThrownBy(() -> adapter.find("acme", "1255787")).isInstanceOf(TicketingException.class)
            .isNotInstanceOf(TicketNotFoundException.class)
            .hasMessageContaining("refused the saved credentials")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PRIVATE_KEY)
                .doesNotContain(AUTHORIZATION.substring("Basic ".length()))
                .doesNotContain(CLIENT_ID));
    }

    @Test
    void aRateLimitSaysHowLongToWait() {
        cw.stubFor(get(urlPathEqualTo(path(TICKET)))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));

        assertThatThrownBy(() -> adapter.find("acme", "1255787")).isInstanceOfSatisfying(TicketingException.class,
                e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(30)));
    }

    @ParameterizedTest
    @ValueSource(ints = { 500, 503 })
    void aServerErrorIsATicketingFailureToRetry(int status) {
        cw.stubFor(get(urlPathEqualTo(path(TICKET))).willReturn(aResponse().withStatus(status)));

        assertThatThrownBy(() -> adapter.find("acme", "1255787")).isInstanceOf(TicketingException.class)
            .isNotInstanceOf(TicketNotFoundException.class)
            .hasMessageContaining(String.valueOf(status));
    }

    @Test
    void addNotePostsOneInternalAnalysisNote() {
        cw.stubFor(post(urlPathEqualTo(path(TICKET + "/notes"))).willReturn(aResponse().withStatus(201)
            .withHeader("Content-Type", "application/json")
            .withBody(note(7788, "Approved.\\n\\npatchflow-note:CHG-7:APPROVED"))));

        adapter.addNote("acme", "1255787", "Approved.\n\n" + MARKER, MARKER);

        cw.verify(exactly(1),
                postRequestedFor(urlPathEqualTo(path(TICKET + "/notes")))
                    .withHeader("Authorization", equalTo(AUTHORIZATION))
                    .withHeader("clientId", equalTo(CLIENT_ID))
                    .withHeader("Content-Type", equalTo("application/json"))
                    .withRequestBody(equalToJson("""
                            {"text": "Approved.\\n\\npatchflow-note:CHG-7:APPROVED", "detailDescriptionFlag": false,
                             "internalAnalysisFlag": true, "resolutionFlag": false}
                            """)));
        assertThat(cw.getAllServeEvents()).hasSize(1);
    }

    @Test
    void hasNoteReadsPageAfterPageUntilItFindsTheMarker() {
        String fullPage = IntStream.rangeClosed(1, 100)
            .mapToObj(i -> note(i, "Note " + i))
            .collect(Collectors.joining(",", "[", "]"));
        cw.stubFor(get(urlPathEqualTo(path(TICKET + "/notes"))).withQueryParam("page", equalTo("1"))
            .willReturn(okJson(fullPage)));
        cw.stubFor(get(urlPathEqualTo(path(TICKET + "/notes"))).withQueryParam("page", equalTo("2"))
            .willReturn(okJson("[" + note(101, "Approved.\\n\\npatchflow-note:CHG-7:APPROVED") + "]")));

        assertThat(adapter.hasNote("acme", "1255787", MARKER)).isTrue();

        cw.verify(exactly(1),
                getRequestedFor(urlPathEqualTo(path(TICKET + "/notes"))).withQueryParam("page", equalTo("1"))
                    .withQueryParam("pageSize", equalTo("100"))
                    .withQueryParam("orderBy", equalTo("id asc"))
                    .withHeader("Authorization", equalTo(AUTHORIZATION))
                    .withHeader("clientId", equalTo(CLIENT_ID)));
        cw.verify(exactly(1),
                getRequestedFor(urlPathEqualTo(path(TICKET + "/notes"))).withQueryParam("page", equalTo("2")));
    }

    @Test
    void hasNoteIsFalseWhenNoNoteHoldsTheMarker() {
        cw.stubFor(get(urlPathEqualTo(path(TICKET + "/notes")))
            .willReturn(okJson("[" + note(1, "Submitted.\\n\\npatchflow-note:CHG-7:SUBMITTED") + "]")));

        assertThat(adapter.hasNote("acme", "1255787", MARKER)).isFalse();
        cw.verify(exactly(1), getRequestedFor(urlPathEqualTo(path(TICKET + "/notes"))));
    }

    @Test
    void openIncidentReturnsTheTicketCarryingTheMarker() {
        cw.stubFor(get(urlPathEqualTo(path("/service/tickets"))).willReturn(okJson("[{\"id\": 1255790}]")));

        assertThat(adapter.openIncident("acme", "Patch change CHG-7 failed", "2 assets failed.", "CHG-7:INCIDENT"))
            .isEqualTo("1255790");

        cw.verify(exactly(1),
                getRequestedFor(urlPathEqualTo(path("/service/tickets")))
                    .withQueryParam("conditions", equalTo("externalXRef=\"CHG-7:INCIDENT\""))
                    .withQueryParam("pageSize", equalTo("1"))
                    .withHeader("Authorization", equalTo(AUTHORIZATION))
                    .withHeader("clientId", equalTo(CLIENT_ID)));
        cw.verify(exactly(0), postRequestedFor(urlPathEqualTo(path("/service/tickets"))));
    }

    @Test
    void openIncidentCreatesOneTicketOnTheBoardWhenNoneCarriesTheMarker() {
        cw.stubFor(get(urlPathEqualTo(path("/service/tickets"))).willReturn(okJson("[]")));
        cw.stubFor(post(urlPathEqualTo(path("/service/tickets"))).willReturn(aResponse().withStatus(201)
            .withHeader("Content-Type", "application/json")
            .withBody(ticket("New", 16, false).replace("1255787", "1255791"))));

        assertThat(adapter.openIncident("acme", "Patch change CHG-7 failed", "2 assets failed.", "CHG-7:INCIDENT"))
            .isEqualTo("1255791");

        cw.verify(exactly(1), postRequestedFor(urlPathEqualTo(path("/service/tickets")))
            .withHeader("Authorization", equalTo(AUTHORIZATION))
            .withHeader("clientId", equalTo(CLIENT_ID))
            .withRequestBody(equalToJson("""
                    {"summary": "Patch change CHG-7 failed", "board": {"id": 1}, "company": {"identifier": "ACME"},
                     "initialDescription": "2 assets failed.\\n\\nCHG-7:INCIDENT", "externalXRef": "CHG-7:INCIDENT"}
                    """)));
    }

    /** The board's statuses by name, each answered with its id. */
    private static void boardHas(String name, int id) {
        cw.stubFor(get(urlPathEqualTo(path("/service/boards/1/statuses")))
            .withQueryParam("conditions", equalTo("name=\"" + name + "\""))
            .willReturn(okJson("[{\"id\": " + id + ", \"name\": \"" + name + "\"}]")));
    }

    @Test
    void moveToClosedSetsEachStatusInOrderAndReadsItBack() {
        boardHas("In Progress", 17);
        boardHas("Completed", 19);
        cw.stubFor(get(urlPathEqualTo(path(TICKET))).inScenario("statuses")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(ticket("New", 16, false))));
        cw.stubFor(patch(urlPathEqualTo(path(TICKET))).inScenario("statuses")
            .whenScenarioStateIs(Scenario.STARTED)
            .withRequestBody(equalToJson("[{\"op\": \"replace\", \"path\": \"status\", \"value\": {\"id\": 17}}]"))
            .willReturn(okJson(ticket("In Progress", 17, false)))
            .willSetStateTo("in progress"));
        cw.stubFor(get(urlPathEqualTo(path(TICKET))).inScenario("statuses")
            .whenScenarioStateIs("in progress")
            .willReturn(okJson(ticket("In Progress", 17, false))));
        cw.stubFor(patch(urlPathEqualTo(path(TICKET))).inScenario("statuses")
            .whenScenarioStateIs("in progress")
            .withRequestBody(equalToJson("[{\"op\": \"replace\", \"path\": \"status\", \"value\": {\"id\": 19}}]"))
            .willReturn(okJson(ticket("Completed", 19, true)))
            .willSetStateTo("completed"));
        cw.stubFor(get(urlPathEqualTo(path(TICKET))).inScenario("statuses")
            .whenScenarioStateIs("completed")
            .willReturn(okJson(ticket("Completed", 19, true))));

        assertThat(adapter.moveTo("acme", "1255787", TicketStage.CLOSED)).isEqualTo("Completed");

        assertThat(calls()).containsExactly("GET " + path(TICKET), "GET " + path("/service/boards/1/statuses"),
                "PATCH " + path(TICKET) + " [{\"op\":\"replace\",\"path\":\"status\",\"value\":{\"id\":17}}]",
                "GET " + path(TICKET), "GET " + path("/service/boards/1/statuses"),
                "PATCH " + path(TICKET) + " [{\"op\":\"replace\",\"path\":\"status\",\"value\":{\"id\":19}}]",
                "GET " + path(TICKET));
        cw.verify(exactly(2),
                patchRequestedFor(urlPathEqualTo(path(TICKET))).withHeader("Authorization", equalTo(AUTHORIZATION))
                    .withHeader("clientId", equalTo(CLIENT_ID))
                    .withHeader("Content-Type", equalTo("application/json")));
    }

    @Test
    void moveToLeavesATicketAtTheStageOrClosedAlone() {
        cw.stubFor(get(urlPathEqualTo(path(TICKET))).willReturn(okJson(ticket("In Progress", 17, false))));
        assertThat(adapter.moveTo("acme", "1255787", TicketStage.IMPLEMENTING)).isEqualTo("In Progress");
        cw.stubFor(get(urlPathEqualTo(path(TICKET))).willReturn(okJson(ticket(">Closed", 20, true))));
        assertThat(adapter.moveTo("acme", "1255787", TicketStage.IMPLEMENTING)).isEqualTo(">Closed");
        assertThat(adapter.moveTo("acme", "1255787", TicketStage.CLOSED)).isEqualTo(">Closed");

        cw.verify(exactly(0), patchRequestedFor(urlPathEqualTo(path(TICKET))));
    }

    @Test
    void moveToReportsAStatusChangeConnectWiseIgnored() {
        boardHas("In Progress", 17);
        cw.stubFor(get(urlPathEqualTo(path(TICKET))).willReturn(okJson(ticket("New", 16, false))));
        cw.stubFor(patch(urlPathEqualTo(path(TICKET))).willReturn(okJson(ticket("New", 16, false))));

        assertThatThrownBy(() -> adapter.moveTo("acme", "1255787", TicketStage.IMPLEMENTING))
            .isInstanceOf(TicketTransitionException.class)
            .hasMessage("ConnectWise ignored the status change from 'New' to 'In Progress' on ticket 1255787: "
                    + "it is still 'New'");
        cw.verify(exactly(1), patchRequestedFor(urlPathEqualTo(path(TICKET))));
    }

    @Test
    void moveToNamesAStatusTheBoardDoesNotHave() {
        cw.stubFor(get(urlPathEqualTo(path(TICKET))).willReturn(okJson(ticket("New", 16, false))));
        cw.stubFor(get(urlPathEqualTo(path("/service/boards/1/statuses"))).willReturn(okJson("[]")));

        assertThatThrownBy(() -> adapter.moveTo("acme", "1255787", TicketStage.IMPLEMENTING))
            .isInstanceOf(TicketTransitionException.class)
            .hasMessageContaining("board 'Help Desk' of ticket 1255787 has no status 'In Progress'");
        cw.verify(exactly(0), patchRequestedFor(urlPathEqualTo(path(TICKET))));
    }

    @Test
    void aRetryAfterALostAnswerDoesNotPostTheNoteAgain() {
        cw.stubFor(get(urlPathEqualTo(path(TICKET + "/notes"))).inScenario("lost answer")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson("[]")));
        cw.stubFor(post(urlPathEqualTo(path(TICKET + "/notes"))).inScenario("lost answer")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("noted"));
        cw.stubFor(get(urlPathEqualTo(path(TICKET + "/notes"))).inScenario("lost answer")
            .whenScenarioStateIs("noted")
            .willReturn(okJson("[" + note(7788, "Approved.\\n\\npatchflow-note:CHG-7:APPROVED") + "]")));

        // the outbox's sequence (ADR 0042): post; on a second attempt ask first
        assertThatThrownBy(() -> adapter.addNote("acme", "1255787", "Approved.\n\n" + MARKER, MARKER))
            .isInstanceOf(TicketingException.class);
        if (!adapter.hasNote("acme", "1255787", MARKER)) {
            adapter.addNote("acme", "1255787", "Approved.\n\n" + MARKER, MARKER);
        }

        cw.verify(exactly(1), postRequestedFor(urlPathEqualTo(path(TICKET + "/notes"))));
    }

    /** Every request WireMock saw, oldest first, as "METHOD path [body]". */
    private static List<String> calls() {
        List<ServeEvent> events = new ArrayList<>(cw.getAllServeEvents());
        Collections.reverse(events);
        return events.stream()
            .map(ServeEvent::getRequest)
            .map(r -> r.getMethod() + " " + r.getUrl().replaceAll("\\?.*", "")
                    + (r.getBodyAsString().isEmpty() ? "" : " " + r.getBodyAsString()))
            .toList();
    }

}
