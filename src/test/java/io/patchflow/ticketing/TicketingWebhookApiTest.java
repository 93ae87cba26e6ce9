package io.patchflow.ticketing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

import io.patchflow.change.ChangeRequest;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.testsupport.Fixtures;
import io.patchflow.testsupport.ProcessDriver;
import io.patchflow.testsupport.ScriptedTicketing;

/**
 * The inbound webhook over HTTP, through the real security chains, service and database:
 * a ticketing system's status update is taken only when signed with the customer's
 * webhook secret over the raw body, fresh, and new; it is applied once, however often and
 * however concurrently it arrives; and the door opens nothing else.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class TicketingWebhookApiTest {

    static final String WEBHOOK_SECRET = "jira-webhook-secret-0123456789";

    @Autowired
    MockMvc mvc;

    @Autowired
    Fixtures fixtures;

    @Autowired
    ProcessDriver driver;

    @Autowired
    TicketingAdministration administration;

    @Autowired
    TicketRepository tickets;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    Fixtures.World world;

    ChangeRequest change;

    String reference;

    String url;

    @BeforeEach
    void aCustomerWithAWebhookSecretAndALinkedTicket() {
        world = fixtures.world();
        Actor admin = world.person("admin", Role.ADMIN);
        administration.save(admin, world.customer, ScriptedTicketing.SYSTEM, new ConnectionSpec(
                "https://jira.example.test", "svc@example.test", "api-token", Map.of(), WEBHOOK_SECRET, false));
        world.asset("lab1", Criticality.LOW, Exposure.INTERNAL, 0);
        change = driver.submit(world, List.of(fixtures.mediumPatch()), world.assets("lab1"), false, null);
        reference = "OPS-" + world.customer.substring(1);
        transactions.executeWithoutResult(s -> {
            tickets.insert(world.customer, ScriptedTicketing.SYSTEM, reference, "Patch the lab", "REQUEST");
            tickets.link(change.id().value(), ticketId(), "test");
        });
        url = "/webhooks/ticketing/" + world.customer + "/" + ScriptedTicketing.SYSTEM;
    }

    @Test
    void aSignedJiraEventUpdatesTheTicketsStatusAndIsOnTheChangesTrail() throws Exception {
        Instant at = Instant.now().minusSeconds(10);
        String body = jira(reference, "Done", at);

        mvc.perform(signedJira(url, body, "delivery-1"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.outcome").value("applied"))
            .andExpect(jsonPath("$.eventId").value("delivery-1"));

        assertThat(ticketStatus()).isEqualTo("Done");
        assertThat(statusReadAt().toInstant()).as("as of the event's own time")
            .isEqualTo(Instant.ofEpochMilli(at.toEpochMilli()));
        assertThat(trail()).singleElement()
            .asString()
            .contains(reference)
            .contains("Done")
            .contains("delivery-1")
            .doesNotContain(WEBHOOK_SECRET)
            .doesNotContain(hmac(WEBHOOK_SECRET, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSameEventAgainIsAppliedOnceWhateverIdOrBytesItArrivesWith() throws Exception {
        String body = jira(reference, "Done", Instant.now());
        mvc.perform(signedJira(url, body, "delivery-1")).andExpect(jsonPath("$.outcome").value("applied"));
        OffsetDateTime readAt = statusReadAt();

        // the sender's retry: same id
        mvc.perform(signedJira(url, body, "delivery-1").header("X-Atlassian-Webhook-Retry", "1"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.outcome").value("already applied"));
        // a replay of the captured request under a made-up id: the same signed bytes
        mvc.perform(signedJira(url, body, "made-up-id"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.outcome").value("already applied"));
        // a retry whose JSON was written again (other bytes), same id
        mvc.perform(signedJira(url, body.replace(",", ", "), "delivery-1"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.outcome").value("already applied"));

        assertThat(ticketStatus()).isEqualTo("Done");
        assertThat(statusReadAt()).isEqualTo(readAt);
        assertThat(trail()).hasSize(1);
        assertThat(events()).isEqualTo(1);
    }

    @Test
    void withoutAnEventIdTheHashOfTheBodyIsTheEventsId() throws Exception {
        String body = jira(reference, "In Progress", Instant.now());
        mvc.perform(signedJira(url, body, null))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.outcome").value("applied"))
            .andExpect(jsonPath("$.eventId").value(org.hamcrest.Matchers.startsWith("sha256:")));
        mvc.perform(signedJira(url, body, null)).andExpect(jsonPath("$.outcome").value("already applied"));
        assertThat(trail()).hasSize(1);
    }

    @Test
    void unsignedOrWronglySignedDeliveriesAreRefusedAndChangeNothing() throws Exception {
        String body = jira(reference, "Done", Instant.now());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        mvc.perform(post(url).contentType(MediaType.APPLICATION_JSON).content(body))
            .andExpect(status().isUnauthorized())
            .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("unsigned")));
        mvc.perform(post(url).contentType(MediaType.APPLICATION_JSON)
            .content(body)
            .header("X-Hub-Signature", hmac("another-secret-0123456789", bytes)))
            .andExpect(status().isUnauthorized())
            .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("does not match")));
        String other = jira(reference, "Cancelled", Instant.now());
        mvc.perform(post(url).contentType(MediaType.APPLICATION_JSON)
            .content(body)
            .header("X-Hub-Signature", hmac(WEBHOOK_SECRET, other.getBytes(StandardCharsets.UTF_8))))
            .andExpect(status().isUnauthorized());
        mvc.perform(post(url).contentType(MediaType.APPLICATION_JSON)
            .content(body)
            .header("X-Hub-Signature", "sha256=not-hex")).andExpect(status().isUnauthorized());
        mvc.perform(post(url).contentType(MediaType.APPLICATION_JSON)
            .content(body)
            .header("X-Hub-Signature", "sha1=" + hmac(WEBHOOK_SECRET, bytes).substring(7)))
            .andExpect(status().isUnauthorized());

        assertThat(ticketStatus()).isEqualTo("OPEN");
        assertThat(trail()).isEmpty();
        assertThat(events()).isZero();
    }

    @Test
    void aGenericEventWithATimestampHeaderIsSignedOverTheTimestampAndTheBody() throws Exception {
        long now = Instant.now().getEpochSecond();
        String body = "{\"reference\":\"" + reference + "\",\"status\":\"Resolved\",\"eventId\":\"evt-1\"}";
        byte[] signed = (now + "." + body).getBytes(StandardCharsets.UTF_8);

        // the timestamp moved: the signature no longer matches
        mvc.perform(post(url).contentType(MediaType.APPLICATION_JSON)
            .content(body)
            .header("X-Webhook-Timestamp", Long.toString(now + 30))
            .header("X-Hub-Signature-256", hmac(WEBHOOK_SECRET, signed))).andExpect(status().isUnauthorized());
        // the timestamp left out: neither
        mvc.perform(post(url).contentType(MediaType.APPLICATION_JSON)
            .content(body)
            .header("X-Hub-Signature-256", hmac(WEBHOOK_SECRET, signed))).andExpect(status().isUnauthorized());

        mvc.perform(post(url).contentType(MediaType.APPLICATION_JSON)
            .content(body)
            .header("X-Webhook-Timestamp", Long.toString(now))
            .header("X-Hub-Signature-256", hmac(WEBHOOK_SECRET, signed)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.outcome").value("applied"))
            .andExpect(jsonPath("$.eventId").value("evt-1"));
        assertThat(ticketStatus()).isEqualTo("Resolved");
    }

    @Test
    void aStaleOrFutureEventIsRefused() throws Exception {
        mvc.perform(signedJira(url, jira(reference, "Done", Instant.now().minus(Duration.ofMinutes(6))), "old"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("stale")));
        mvc.perform(signedJira(url, jira(reference, "Done", Instant.now().plus(Duration.ofMinutes(2))), "ahead"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("ahead")));
        String noTime = "{\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"key\":\"" + reference
                + "\",\"fields\":{\"status\":{\"name\":\"Done\"}}}}";
        mvc.perform(signedJira(url, noTime, "no-time"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("no time")));

        assertThat(ticketStatus()).isEqualTo("OPEN");
        assertThat(events()).isZero();
    }

    @Test
    void anUnknownCustomerAndOneWithoutAWebhookSecretLookTheSame() throws Exception {
        String body = jira(reference, "Done", Instant.now());
        Fixtures.World other = fixtures.world();
        administration.save(other.person("admin", Role.ADMIN), other.customer, ScriptedTicketing.SYSTEM,
                new ConnectionSpec("https://jira.example.test", null, "api-token", Map.of(), null, false));

        List<String> answers = new ArrayList<>();
        for (String address : List.of("/webhooks/ticketing/no-such-customer/" + ScriptedTicketing.SYSTEM,
                "/webhooks/ticketing/" + other.customer + "/" + ScriptedTicketing.SYSTEM,
                "/webhooks/ticketing/" + world.customer + "/webhook")) {
            MvcResult result = mvc.perform(signedJira(address, body, "d")).andExpect(status().isNotFound()).andReturn();
            answers.add(result.getResponse().getContentAsString().replace(address, "<address>"));
        }
        assertThat(answers).as("one answer for all").containsOnly(answers.get(0));
        assertThat(ticketStatus()).isEqualTo("OPEN");
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() throws Exception {
        StringBuilder padding = new StringBuilder();
        while (padding.length() <= TicketingWebhooks.MAX_BODY) {
            padding.append("0123456789abcdef");
        }
        String body = "{\"reference\":\"" + reference + "\",\"status\":\"Done\",\"timestamp\":"
                + Instant.now().toEpochMilli() + ",\"padding\":\"" + padding + "\"}";

        mvc.perform(signedJira(url, body, "big")).andExpect(status().isPayloadTooLarge());
        assertThat(ticketStatus()).isEqualTo("OPEN");
    }

    @Test
    void malformedJsonWithAValidSignatureIsABadRequestThatSaysSo() throws Exception {
        mvc.perform(signedJira(url, "{\"webhookEvent\": \"jira:issue_updated\", \"issue\": {", "broken"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("not valid JSON")))
            .andExpect(jsonPath("$.field").value("body"));
        mvc.perform(signedJira(url, "{\"something\":\"else\"}", "other-shape"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("neither a Jira")));
        assertThat(events()).isZero();
    }

    @Test
    void anEventForATicketNotLinkedIsAcceptedIgnoredAndNotRetried() throws Exception {
        String body = jira("OPS-999999", "Done", Instant.now());
        mvc.perform(signedJira(url, body, "unlinked"))
            .andExpect(status().isAccepted())
            .andExpect(jsonPath("$.outcome").value("ignored: not linked"));
        mvc.perform(signedJira(url, body, "unlinked")).andExpect(jsonPath("$.outcome").value("already applied"));
        assertThat(events()).isEqualTo(1);
        assertThat(ticketStatus()).isEqualTo("OPEN");
    }

    @Test
    void anOlderEventArrivingAfterANewerOneDoesNotUndoIt() throws Exception {
        Instant now = Instant.now();
        mvc.perform(signedJira(url, jira(reference, "Done", now), "newer"))
            .andExpect(jsonPath("$.outcome").value("applied"));
        mvc.perform(signedJira(url, jira(reference, "In Progress", now.minusSeconds(30)), "older"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.outcome").value("ignored: older than the status held"));
        assertThat(ticketStatus()).isEqualTo("Done");
        assertThat(trail()).hasSize(1);
    }

    @Test
    void concurrentDeliveriesOfOneEventApplyItOnce() throws Exception {
        String body = jira(reference, "Done", Instant.now());
        int senders = 6;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return mvc.perform(signedJira(url, body, "same-delivery"))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
                }));
            }
            start.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> answer : answers) {
                outcomes.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertThat(outcomes.stream().filter(o -> o.contains("\"applied\"")).count()).isEqualTo(1);
            assertThat(outcomes.stream().filter(o -> o.contains("already applied")).count()).isEqualTo(senders - 1);
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(trail()).hasSize(1);
        assertThat(events()).isEqualTo(1);
    }

    @Test
    void theWebhookDoorOpensNothingElse() throws Exception {
        // the API still wants HTTP Basic, and CSRF still guards the pages
        mvc.perform(post("/api/changes").contentType(MediaType.APPLICATION_JSON).content("{}"))
            .andExpect(status().isUnauthorized());
        mvc.perform(post("/changes").param("title", "x")).andExpect(status().isForbidden());
        // under the webhook path only the one POST is taken
        mvc.perform(get(url)).andExpect(status().is4xxClientError());
        mvc.perform(post(url + "/more").contentType(MediaType.APPLICATION_JSON).content("{}"))
            .andExpect(status().is4xxClientError());
        mvc.perform(post("/webhooks/other/" + world.customer).contentType(MediaType.APPLICATION_JSON).content("{}"))
            .andExpect(status().isForbidden());
    }

    private static String jira(String key, String status, Instant at) {
        return "{\"timestamp\":" + at.toEpochMilli() + ",\"webhookEvent\":\"jira:issue_updated\","
                + "\"issue_event_type_name\":\"issue_generic\",\"issue\":{\"id\":\"10042\",\"key\":\"" + key
                + "\",\"fields\":{\"summary\":\"Patch the lab\",\"status\":{\"name\":\"" + status
                + "\",\"id\":\"10001\"}}},"
                + "\"changelog\":{\"id\":\"10500\",\"items\":[{\"field\":\"status\",\"toString\":\"" + status
                + "\"}]}}";
    }

    /** A request as Jira sends it: X-Hub-Signature over the raw bytes. */
    private static MockHttpServletRequestBuilder signedJira(String url, String body, String delivery) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        MockHttpServletRequestBuilder request = post(url).contentType(MediaType.APPLICATION_JSON)
            .content(bytes)
            .header("X-Hub-Signature", hmac(WEBHOOK_SECRET, bytes));
        return delivery == null ? request : request.header("X-Atlassian-Webhook-Identifier", delivery);
    }

    /** What a sender computes, written out without Patchflow's code. */
    private static String hmac(String secret, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(content));
        }
        catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private long ticketId() {
        return tickets.find(world.customer, ScriptedTicketing.SYSTEM, reference).orElseThrow();
    }

    private String ticketStatus() {
        return tickets.status(world.customer, ScriptedTicketing.SYSTEM, reference).orElseThrow();
    }

    private OffsetDateTime statusReadAt() {
        return jdbc.sql("SELECT status_read_at FROM ticket WHERE id = ?")
            .param(ticketId())
            .query(OffsetDateTime.class)
            .single();
    }

    private List<String> trail() {
        return jdbc.sql("SELECT detail FROM audit_event WHERE change_id = ? AND kind = ? ORDER BY id")
            .params(change.id().value(), TicketingWebhooks.AUDIT_KIND)
            .query(String.class)
            .list();
    }

    private int events() {
        return jdbc.sql("SELECT COUNT(*) FROM ticketing_webhook_event WHERE customer_id = ?")
            .param(world.customer)
            .query(Integer.class)
            .single();
    }

}
