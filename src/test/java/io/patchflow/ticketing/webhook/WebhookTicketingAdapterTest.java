package io.patchflow.ticketing.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.patchflow.ticketing.TicketStage;
import io.patchflow.ticketing.TicketingConnection;
import io.patchflow.ticketing.TicketingConnections;
import io.patchflow.ticketing.TicketingException;
import io.patchflow.ticketing.WebhookSignature;

/**
 * The outbound webhook against a receiver (WireMock): the exact JSON of each event, a
 * signature over {@code <timestamp>.<body>} the receiver can check with the shared
 * secret, a delivery id that stays the same when a note is sent again, and the answers
 * mapped the way every adapter maps them.
 */
class WebhookTicketingAdapterTest {

    static final String SECRET = "outbound-signing-secret-42";

    static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");

    WireMockServer receiver;

    WebhookTicketingAdapter adapter;

    @BeforeEach
    void aReceiverAndAConnectionToIt() {
        receiver = new WireMockServer(wireMockConfig().dynamicPort());
        receiver.start();
        TicketingConnection connection = new TicketingConnection("c1", "webhook",
                URI.create("http://localhost:" + receiver.port() + "/hooks/patchflow"), null, SECRET, Map.of());
        TicketingConnections connections = new TicketingConnections() {
            @Override
            public Optional<TicketingConnection> find(String customerId, String system) {
                return "c1".equals(customerId) && "webhook".equals(system) ? Optional.of(connection) : Optional.empty();
            }

            @Override
            public String activeSystem(String customerId) {
                return "webhook";
            }
        };
        adapter = new WebhookTicketingAdapter(connections, new ObjectMapper(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        receiver.stop();
    }

    @Test
    void aNoteIsPostedAsSignedJsonWithItsMarkerAsDeliveryId() {
        receiver.stubFor(post(urlEqualTo("/hooks/patchflow")).willReturn(aResponse().withStatus(204)));

        adapter.addNote("c1", "PSA-9", "Change CHG-7 approved.\n\npatchflow-note:CHG-7:APPROVED",
                "patchflow-note:CHG-7:APPROVED");

        LoggedRequest request = only();
        String body = request.getBodyAsString();
        assertThat(body).isEqualTo("{\"event\":\"note\",\"reference\":\"PSA-9\","
                + "\"body\":\"Change CHG-7 approved.\\n\\npatchflow-note:CHG-7:APPROVED\","
                + "\"marker\":\"patchflow-note:CHG-7:APPROVED\",\"changeId\":\"CHG-7\"}");
        assertThat(request.getHeader("X-Patchflow-Timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(request.getHeader("X-Patchflow-Delivery")).isEqualTo("patchflow-note:CHG-7:APPROVED");
        assertThat(request.getHeader("X-Patchflow-Event")).isEqualTo("note");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(request.getHeader("X-Patchflow-Signature")).isEqualTo(receiverComputes(SECRET, request));
        assertThat(request.getHeader("X-Patchflow-Signature")).as("another secret does not verify")
            .isNotEqualTo(receiverComputes("another-secret", request));
        assertThat(WebhookSignature.verifies(SECRET, "tampered".getBytes(StandardCharsets.UTF_8),
                request.getHeader("X-Patchflow-Signature")))
            .isFalse();
    }

    @Test
    void aNoteSentAgainCarriesTheSameDeliveryIdBecauseAWebhookCannotBeAsked() {
        receiver.stubFor(post(urlEqualTo("/hooks/patchflow")).willReturn(aResponse().withStatus(200)));

        assertThat(adapter.hasNote("c1", "PSA-9", "patchflow-note:CHG-7:APPROVED")).isFalse();
        adapter.addNote("c1", "PSA-9", "b", "patchflow-note:CHG-7:APPROVED");
        adapter.addNote("c1", "PSA-9", "b", "patchflow-note:CHG-7:APPROVED");

        List<LoggedRequest> requests = receiver.findAll(postRequestedFor(urlEqualTo("/hooks/patchflow")));
        assertThat(requests).extracting(r -> r.getHeader("X-Patchflow-Delivery"))
            .containsExactly("patchflow-note:CHG-7:APPROVED", "patchflow-note:CHG-7:APPROVED");
        assertThat(adapter.find("c1", "PSA-9").status()).as("a webhook reports no status").isEmpty();
    }

    @Test
    void anIncidentIsOpenedAndTheReceiversReferenceReturned() {
        receiver.stubFor(post(urlEqualTo("/hooks/patchflow")).withRequestBody(equalToJson(
                "{\"event\":\"incident.open\",\"title\":\"CHG-7 failed\",\"body\":\"two assets failed\",\"marker\":\"CHG-7:INCIDENT\"}"))
            .withHeader("X-Patchflow-Delivery", equalTo("CHG-7:INCIDENT"))
            .willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"reference\":\"INC-77\"}")));

        assertThat(adapter.openIncident("c1", "CHG-7 failed", "two assets failed", "CHG-7:INCIDENT"))
            .isEqualTo("INC-77");
        assertThat(only().getHeader("X-Patchflow-Signature")).isEqualTo(receiverComputes(SECRET, only()));
    }

    @Test
    void anIncidentAnsweredWithoutAReferenceIsAFailure() {
        receiver.stubFor(post(urlEqualTo("/hooks/patchflow")).willReturn(aResponse().withStatus(200).withBody("{}")));

        assertThatThrownBy(() -> adapter.openIncident("c1", "t", "b", "CHG-7:INCIDENT"))
            .isInstanceOf(TicketingException.class)
            .hasMessageContaining("reference");
    }

    @Test
    void aStageMoveIsPostedWithTheStage() {
        receiver.stubFor(post(urlEqualTo("/hooks/patchflow")).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"status\":\"Closed\"}")));

        assertThat(adapter.moveTo("c1", "PSA-9", TicketStage.CLOSED)).isEqualTo("Closed");

        LoggedRequest request = only();
        assertThat(request.getBodyAsString())
            .isEqualTo("{\"event\":\"ticket.stage\",\"reference\":\"PSA-9\",\"stage\":\"CLOSED\"}");
        assertThat(request.getHeader("X-Patchflow-Event")).isEqualTo("ticket.stage");
        assertThat(request.getHeader("X-Patchflow-Delivery")).startsWith("stage-");
        assertThat(request.getHeader("X-Patchflow-Signature")).isEqualTo(receiverComputes(SECRET, request));
    }

    @Test
    void tooManyRequestsCarriesTheReceiversRetryAfter() {
        receiver.stubFor(post(urlEqualTo("/hooks/patchflow"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

        assertThatThrownBy(() -> adapter.addNote("c1", "PSA-9", "b", "patchflow-note:CHG-7:APPROVED"))
            .isInstanceOfSatisfying(TicketingException.class,
                    e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(120)));
    }

    @Test
    void aServerErrorIsAFailureTheOutboxRetries() {
        receiver.stubFor(post(urlEqualTo("/hooks/patchflow")).willReturn(aResponse().withStatus(500).withBody("boom")));

        assertThatThrownBy(() -> adapter.addNote("c1", "PSA-9", "b", "patchflow-note:CHG-7:APPROVED"))
            .isInstanceOfSatisfying(TicketingException.class, e -> {
                assertThat(e.getMessage()).contains("500");
                assertThat(e.retryAfter()).isEmpty();
            });
    }

    @Test
    void aCustomerWithoutAWebhookConnectionIsAFailureAndNothingIsSent() {
        assertThatThrownBy(() -> adapter.addNote("c2", "PSA-9", "b", "m")).isInstanceOf(TicketingException.class)
            .hasMessageContaining("no webhook connection");
        assertThat(receiver.getAllServeEvents()).isEmpty();
    }

    private LoggedRequest only() {
        List<LoggedRequest> requests = receiver.findAll(postRequestedFor(urlEqualTo("/hooks/patchflow")));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    /**
     * What a receiver does, written out without Patchflow's code: HMAC-SHA256(secret,
     * timestamp + "." + raw body).
     */
    private static String receiverComputes(String secret, LoggedRequest request) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((request.getHeader("X-Patchflow-Timestamp") + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(request.getBody()));
        }
        catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

}
