package io.patchflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeMilestone;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.Milestone;
import io.patchflow.change.RiskLevel;
import io.patchflow.change.ChangeType;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.process.model.PatchChange;
import io.patchflow.security.Actor;
import io.patchflow.testsupport.Fixtures;
import io.patchflow.testsupport.ProcessDriver;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

/**
 * Notifications from the event to the inbox of a real SMTP server (GreenMail, started
 * here) and to a chat webhook (an HTTP server started here). The sender and the scans are
 * called by hand with the time they should believe it is; nothing sleeps.
 */
@SpringBootTest
@ActiveProfiles("test")
class NotificationDeliveryTest {

    private static final int SMTP_PORT = freePort();

    private static final String BASE = "https://patchflow.example.com";

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("patchflow.public-url", () -> BASE);
        registry.add("patchflow.notifications.allow-http-webhooks", () -> "true");
        registry.add("patchflow.notifications.allow-private-webhooks", () -> "true");
    }

    @Autowired
    Fixtures fixtures;

    @Autowired
    ProcessDriver driver;

    @Autowired
    OutboxSender sender;

    @Autowired
    OutboxRepository outbox;

    @Autowired
    Outbox outboxService;

    @Autowired
    Notifications notifications;

    @Autowired
    NotificationPreferences preferences;

    @Autowired
    CustomerNotifications customerSettings;

    @Autowired
    ChangeLifecycle lifecycle;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    private final GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    private HttpServer webhook;

    Fixtures.World world;

    @BeforeEach
    void newWorld() {
        world = fixtures.world();
        world.asset("lab1", Criticality.LOW, Exposure.INTERNAL, 0);
    }

    @AfterEach
    void stopServers() {
        smtp.stop();
        if (webhook != null) {
            webhook.stop(0);
        }
    }

    @Test
    void aTaskOfferedToApproversReachesEachOfThemWithALinkThatOpensTheTaskPage() throws Exception {
        smtp.start();
        ChangeRequest change = submit();
        String taskId = driver.taskId(change.id(), PatchChange.TASK_REVIEW_TECHNICALLY);

        deliver(Instant.now());

        for (Actor approver : List.of(world.approver1, world.approver2)) {
            List<MimeMessage> mails = mailsTo(approver);
            assertThat(mails).hasSize(1);
            MimeMessage mail = mails.get(0);
            assertThat(mail.getSubject()).contains(change.id().toString()).contains("test change").contains("waiting");
            String body = GreenMailUtil.getBody(mail);
            assertThat(body).contains(BASE + "/tasks/" + taskId).contains("/settings/notifications");
            assertThat(mail.getFrom()[0].toString()).isEqualTo("patchflow@localhost");
            assertThat(mail.getMessageID()).matches("<notification-\\d+@patchflow\\.example\\.com>");
        }
        assertThat(mailsTo(world.requester)).isEmpty();
        assertThat(mailsTo(world.changeManager)).isEmpty();
    }

    @Test
    void aMailServerThatIsDownDelaysTheMailAndThenDeliversItOnce() throws Exception {
        ChangeRequest change = submit();
        Instant now = Instant.now();

        assertThat(deliver(now)).isZero();
        OutboxRow waiting = rowFor(change, world.approver1);
        assertThat(waiting.status()).isEqualTo("PENDING");
        assertThat(waiting.attempts()).isEqualTo(1);
        assertThat(waiting.lastError()).contains("mail to");
        assertThat(waiting.nextAttemptAt()).isAfter(now.plusSeconds(29));

        smtp.start();
        deliver(now.plusSeconds(5)); // not yet due again
        assertThat(mailsTo(world.approver1)).isEmpty();

        deliver(now.plus(Duration.ofMinutes(2)));
        deliver(now.plus(Duration.ofHours(3)));
        assertThat(mailsTo(world.approver1)).hasSize(1);
        OutboxRow sent = rowFor(change, world.approver1);
        assertThat(sent.status()).isEqualTo("SENT");
        assertThat(sent.attempts()).isEqualTo(2);
    }

    @Test
    void aStepThatRollsBackAndIsRetriedWritesItsNotificationOnceAndOneMailIsSent() throws Exception {
        smtp.start();
        ChangeRequest change = submit();
        ChangeMilestone closed = new ChangeMilestone(change.id(), world.customer, Milestone.CHANGE_CLOSED, null,
                "Change " + change.id() + " closed: REJECTED (not now)");

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            events.publishEvent(closed);
            throw new IllegalStateException("the engine job fails after the event");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(outbox.ofChange(change.id().value())).noneMatch(r -> r.event() == NotificationEvent.CHANGE_OUTCOME);

        transactions.executeWithoutResult(status -> events.publishEvent(closed)); // the
                                                                                  // retry
        transactions.executeWithoutResult(status -> events.publishEvent(closed)); // delivered
                                                                                  // twice

        assertThat(outbox.ofChange(change.id().value())).filteredOn(r -> r.event() == NotificationEvent.CHANGE_OUTCOME)
            .hasSize(1);
        deliver(Instant.now());
        deliver(Instant.now().plus(Duration.ofHours(2)));
        List<MimeMessage> mails = mailsTo(world.requester);
        assertThat(mails).hasSize(1);
        assertThat(GreenMailUtil.getBody(mails.get(0))).contains("closed: REJECTED (not now)")
            .contains(BASE + "/changes/" + change.id().value());
    }

    @Test
    void aRowClaimedByAnotherNodeIsNotSentTwiceAndIsTakenOverWhenThatNodeDied() throws Exception {
        smtp.start();
        ChangeRequest change = submit();
        OutboxRow row = rowFor(change, world.approver1);
        Instant now = Instant.now();
        assertThat(outbox.claim(row.id(), "other-node", now, now.plus(Duration.ofMinutes(5)))).isTrue();

        deliver(now);
        assertThat(mailsTo(world.approver1)).isEmpty();

        deliver(now.plus(Duration.ofMinutes(6)));
        assertThat(mailsTo(world.approver1)).hasSize(1);
        assertThat(
                outbox.claim(row.id(), "other-node", now.plus(Duration.ofMinutes(7)), now.plus(Duration.ofMinutes(12))))
            .isFalse();
    }

    @Test
    void aPersonWhoChoseTheDigestGetsOneMailAtTheDigestHourAndOffMeansNothing() throws Exception {
        smtp.start();
        preferences.update(world.approver1, Map.of("TASK_ASSIGNED", "DIGEST"));
        preferences.update(world.approver2, Map.of("TASK_ASSIGNED", "OFF"));
        ChangeRequest first = submit();
        ChangeRequest second = submit();

        deliver(Instant.now());
        assertThat(mailsTo(world.approver1)).isEmpty();
        assertThat(rowFor(first, world.approver1).status()).isEqualTo("HELD");
        assertThat(outbox.ofChange(second.id().value()))
            .noneMatch(r -> world.approver2.username().equals(r.recipient()));

        Instant tomorrow = Instant.now().plus(Duration.ofHours(25));
        outboxService.releaseDigests(tomorrow);
        outboxService.releaseDigests(tomorrow);
        deliver(tomorrow);

        List<MimeMessage> mails = mailsTo(world.approver1);
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).isEqualTo("[Patchflow] Digest: 2 notification(s)");
        assertThat(GreenMailUtil.getBody(mails.get(0))).contains(first.id().toString())
            .contains(second.id().toString());
        assertThat(rowFor(first, world.approver1).status()).isEqualTo("DIGESTED");
        assertThat(mailsTo(world.approver2)).isEmpty();
    }

    @Test
    void aRowWrittenDueAtAnInstantIsDueAtThatSameInstantWhateverItsNanoseconds() {
        // the databases keep microseconds and round the rest; .743053776 was stored as
        // .743054 and the row was not due at the instant it was written for
        Instant now = Instant.parse("2026-12-08T17:23:48.743053776Z");
        Outbox.Message message = new Outbox.Message(NotificationEvent.CHANGE_OUTCOME, "NANOS:" + world.customer,
                world.customer, null, "rounding", "rounding", null);
        assertThat(outboxService.toAddress(message, "nanos@test.invalid", now)).isTrue();
        long id = outbox.due(now, 10_000)
            .stream()
            .filter(candidate -> outbox.find(candidate).orElseThrow().address().equals("nanos@test.invalid"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the row is not due at the instant it was written for"));
        assertThat(outbox.claim(id, "this-node", now, now.plusSeconds(60))).isTrue();
    }

    @Test
    void deliveredRowsAreForgottenAfterTheKeepTimeAndUndeliveredOnesAreKept() throws Exception {
        ChangeRequest undelivered = submit(); // the mail server is not up yet
        Instant now = Instant.now();
        deliver(now);
        smtp.start();
        ChangeRequest delivered = submit();
        deliver(now.plusSeconds(1));
        assertThat(rowFor(delivered, world.approver1).status()).isEqualTo("SENT");
        assertThat(rowFor(undelivered, world.approver1).status()).isEqualTo("PENDING");

        outboxService.purgeDelivered(now.plus(Duration.ofDays(89)));
        assertThat(outbox.ofChange(delivered.id().value())).isNotEmpty();

        outboxService.purgeDelivered(now.plus(Duration.ofDays(91)));
        assertThat(outbox.ofChange(delivered.id().value())).isEmpty();
        assertThat(outbox.ofChange(undelivered.id().value())).isNotEmpty().allMatch(r -> r.status().equals("PENDING"));
    }

    @Test
    void aMissedSlaDeadlineIsToldToTheRequesterAndTheChangeManagersOnce() throws Exception {
        smtp.start();
        ChangeRequest change = submit();
        Instant now = Instant.now();
        lifecycle.classify(change.id(), RiskLevel.MEDIUM, ChangeType.NORMAL, false, "MEDIUM", now.minusSeconds(60));

        notifications.scanSlaBreaches(now);
        notifications.scanSlaBreaches(now.plusSeconds(60));
        deliver(now.plusSeconds(61));

        assertThat(mailsTo(world.requester)).hasSize(1);
        List<MimeMessage> managers = mailsTo(world.changeManager);
        assertThat(managers).hasSize(1);
        assertThat(managers.get(0).getSubject()).contains("SLA deadline missed");
        assertThat(mailsTo(world.approver1)).filteredOn(m -> subject(m).contains("SLA")).isEmpty();
    }

    @Test
    void theCustomersContactsAndWebhookHearOfAWindowAheadAndTheWebhookIsRetriedUntilItAnswers() throws Exception {
        smtp.start();
        List<String> bodies = new CopyOnWriteArrayList<>();
        AtomicInteger failuresLeft = new AtomicInteger(1);
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hooks/abc", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(exchange.getRequestHeaders().getFirst("Content-Type") + " "
                        + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? 503 : 200, -1);
            exchange.close();
        });
        webhook.start();
        Actor manager = world.changeManager;
        customerSettings.save(manager, world.customer, List.of("ops@customer.test"), 24,
                "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hooks/abc");
        ChangeRequest change = submit();
        OffsetDateTime opens = OffsetDateTime.now(ZoneOffset.UTC).plusHours(3).withNano(0);
        lifecycle.schedule(change.id(), opens, opens.plusHours(2), "test slot");
        Instant now = Instant.now();

        notifications.scanWindowOpenings(now);
        notifications.scanWindowOpenings(now.plusSeconds(60));
        deliver(now.plusSeconds(61));

        MimeMessage[] all = smtp.getReceivedMessages();
        List<MimeMessage> contact = Arrays.stream(all)
            .filter(m -> recipients(m).contains("ops@customer.test"))
            .toList();
        assertThat(contact).hasSize(1);
        assertThat(contact.get(0).getSubject()).startsWith("[Patchflow] Maintenance window");
        assertThat(GreenMailUtil.getBody(contact.get(0))).contains(BASE + "/changes/" + change.id().value());
        assertThat(bodies).hasSize(1);
        OutboxRow hook = outbox.ofChange(change.id().value())
            .stream()
            .filter(r -> r.channel() == Channel.WEBHOOK)
            .findFirst()
            .orElseThrow();
        assertThat(hook.status()).isEqualTo("PENDING");
        assertThat(hook.lastError()).isEqualTo("webhook answered 503");

        deliver(now.plus(Duration.ofMinutes(5)));
        deliver(now.plus(Duration.ofHours(2)));
        assertThat(bodies).hasSize(2);
        String second = bodies.get(1);
        assertThat(second).startsWith("application/json ");
        JsonNode json = new ObjectMapper().readTree(second.substring("application/json ".length()));
        assertThat(json.size()).isEqualTo(1);
        assertThat(json.get("text").asText()).contains("maintenance window")
            .contains(BASE + "/changes/" + change.id().value());
    }

    private ChangeRequest submit() {
        return driver.submit(world, List.of(fixtures.mediumPatch()), world.assets("lab1"), false, null);
    }

    private OutboxRow rowFor(ChangeRequest change, Actor actor) {
        return outbox.ofChange(change.id().value())
            .stream()
            .filter(r -> actor.username().equals(r.recipient()))
            .findFirst()
            .orElseThrow();
    }

    private List<MimeMessage> mailsTo(Actor actor) {
        String address = actor.username() + "@test.invalid";
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> recipients(m).contains(address)).toList();
    }

    private static String recipients(MimeMessage message) {
        try {
            return Arrays.toString(message.getRecipients(Message.RecipientType.TO));
        }
        catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        }
        catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the sender at {@code at} until nothing is due then. The database is shared
     * with every other test of the run, whose rows are due too and come first (the sender
     * takes a batch at a time, oldest first); one run of the sender may not reach this
     * test's.
     */
    private int deliver(Instant at) {
        int sent = 0;
        for (int pass = 0; pass < 1_000 && !outbox.due(at, 1).isEmpty(); pass++) {
            sent += sender.sendDue(at);
        }
        return sent;
    }

}
