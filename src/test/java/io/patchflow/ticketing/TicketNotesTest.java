package io.patchflow.ticketing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

import io.patchflow.change.ChangeMilestone;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.Milestone;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.testsupport.Fixtures;
import io.patchflow.testsupport.ProcessDriver;
import io.patchflow.testsupport.ScriptedTicketing;

/**
 * Milestone notes through the outbox (ADR 0042), on the real database, against a scripted
 * external system: recorded in the milestone's transaction once per ticket and milestone,
 * delivered after it in order per ticket, retried with back-off and the system's
 * {@code Retry-After}, and never posted twice, whether an answer is lost, a node dies
 * holding a note, or two nodes deliver at once.
 */
@SpringBootTest
@ActiveProfiles("test")
class TicketNotesTest {

    @Autowired
    Fixtures fixtures;

    @Autowired
    ProcessDriver driver;

    @Autowired
    TicketService service;

    @Autowired
    TicketRepository tickets;

    @Autowired
    TicketNoteRepository noteRows;

    @Autowired
    TicketingSystems systems;

    @Autowired
    ScriptedTicketing scripted;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    io.patchflow.audit.AuditTrail audit;

    @Autowired
    TicketingAdministration administration;

    TicketingSettings settings = new TicketingSettings(false, Duration.ofSeconds(10), 50, Duration.ofSeconds(30),
            Duration.ofMinutes(30), Duration.ofMinutes(2));

    Fixtures.World world;

    ChangeRequest change;

    String reference;

    @BeforeEach
    void aChangeLinkedToATicketInAnExternalSystem() {
        scripted.reset();
        world = fixtures.world();
        world.asset("lab1", Criticality.LOW, Exposure.INTERNAL, 0);
        change = driver.submit(world, List.of(fixtures.mediumPatch()), world.assets("lab1"), false, null);
        reference = "EXT-" + world.customer;
        transactions.executeWithoutResult(s -> {
            tickets.insert(world.customer, ScriptedTicketing.SYSTEM, reference, "External ticket", "REQUEST");
            long ticket = tickets.find(world.customer, ScriptedTicketing.SYSTEM, reference).orElseThrow();
            tickets.link(change.id().value(), ticket, "test");
        });
    }

    @AfterEach
    void everyNoteOfThisTestIsDeliveredOrDropped() {
        scripted.reset();
        // notes of this test's ticket must not wait in the shared database for other
        // tests
        jdbc.sql("DELETE FROM ticket_note WHERE ticket_id IN (SELECT id FROM ticket WHERE system = ?)")
            .param(ScriptedTicketing.SYSTEM)
            .update();
    }

    @Test
    void aMilestoneIsRecordedOncePerTicketInItsTransactionAndNotAtAllWhenItRollsBack() {
        ChangeMilestone approved = milestone(Milestone.APPROVED, null, "Change approved.");
        transactions.executeWithoutResult(s -> {
            events.publishEvent(approved);
            events.publishEvent(approved); // a repeated publication adds nothing
        });
        transactions.executeWithoutResult(s -> {
            events.publishEvent(milestone(Milestone.SCHEDULED, null, "Change scheduled."));
            s.setRollbackOnly();
        });

        assertThat(rows()).extracting(Row::milestone).containsExactly("APPROVED");
        // the built-in ticket the change was submitted with has its note delivered at
        // once
        assertThat(service.ticketsOf(change.id().value()))
            .filteredOn(t -> t.system().equals(BuiltInTicketingAdapter.SYSTEM))
            .flatExtracting(Ticket::notes)
            .filteredOn(n -> n.milestone().equals("APPROVED"))
            .singleElement()
            .satisfies(n -> assertThat(n.delivered()).isTrue());
        assertThat(scripted.posts()).as("nothing reaches the external system in the transaction").isZero();
    }

    @Test
    void whileTheSystemIsDownNotesWaitAndThenArriveInOrderEachOnce() {
        TicketNotes sender = sender();
        scripted.down(null);
        record(Milestone.APPROVED, "approved");
        record(Milestone.SCHEDULED, "scheduled");
        record(Milestone.DEPLOYMENT_STARTED, "deploying");
        Instant now = Instant.now();

        assertThat(sender.deliverDue(now)).isZero();
        List<Row> waiting = rows();
        assertThat(waiting).extracting(Row::status).containsOnly("PENDING");
        assertThat(waiting.get(0).attempts()).isEqualTo(1);
        assertThat(waiting.get(0).lastError()).contains("503");
        assertThat(waiting.get(1).attempts()).as("a later note waits for the first, untried").isZero();
        assertThat(sender.deliverDue(now.plusSeconds(10))).as("not before the back-off").isZero();

        scripted.up();
        assertThat(sender.deliverDue(now.plusSeconds(31))).as("three notes and the move to implementing").isEqualTo(4);

        assertThat(scripted.notesOn(reference)).hasSize(3);
        assertThat(scripted.movesOf(reference)).containsExactly(TicketStage.IMPLEMENTING);
        assertThat(scripted.notesOn(reference).get(0)).startsWith("approved");
        assertThat(scripted.notesOn(reference).get(1)).startsWith("scheduled");
        assertThat(scripted.notesOn(reference).get(2)).startsWith("deploying");
        assertThat(rows()).extracting(Row::status).containsOnly("DELIVERED");
        assertThat(tickets.status(world.customer, ScriptedTicketing.SYSTEM, reference)).contains("Stage IMPLEMENTING");
        assertThat(sender.deliverDue(now.plus(Duration.ofDays(1)))).isZero();
        assertThat(scripted.posts()).isEqualTo(3);
    }

    @Test
    void aRetryAfterLongerThanTheBackoffIsHonoured() {
        TicketNotes sender = sender();
        scripted.down(Duration.ofMinutes(10));
        record(Milestone.APPROVED, "approved");
        Instant now = Instant.now();
        sender.deliverDue(now);
        scripted.up();

        assertThat(sender.deliverDue(now.plus(Duration.ofMinutes(5)))).isZero();
        assertThat(sender.deliverDue(now.plus(Duration.ofMinutes(11)))).isEqualTo(1);
        assertThat(scripted.notesOn(reference)).hasSize(1);
    }

    @Test
    void aNoteWhoseAnswerWasLostIsFoundOnTheTicketAndNotPostedAgain() {
        TicketNotes sender = sender();
        scripted.loseAnswers(1);
        record(Milestone.APPROVED, "approved");
        Instant now = Instant.now();

        assertThat(sender.deliverDue(now)).isZero();
        assertThat(rows().get(0).status()).isEqualTo("PENDING");
        assertThat(sender.deliverDue(now.plusSeconds(31))).isEqualTo(1);

        assertThat(scripted.notesOn(reference)).hasSize(1);
        assertThat(scripted.posts()).isEqualTo(1);
    }

    @Test
    void aNoteHeldByANodeThatDiedIsDeliveredByAnotherAfterTheClaimTimeoutOnce() {
        record(Milestone.APPROVED, "approved");
        Instant now = Instant.now();
        long id = rows().get(0).id();
        // the first node claims the note and posts it, then dies before it marks it
        assertThat(noteRows.claim(id, "node-that-died", now, now.plus(settings.claimTimeout()))).isTrue();
        scripted.addNote(world.customer, reference, "approved\n\n" + TicketNotes.marker(change.id() + ":APPROVED"),
                TicketNotes.marker(change.id() + ":APPROVED"));
        TicketNotes survivor = sender();

        assertThat(survivor.deliverDue(now.plusSeconds(60))).as("still held").isZero();
        // the survivor sees the dead node's attempt and posts only if the note is not on
        // the ticket
        assertThat(survivor.deliverDue(now.plus(settings.claimTimeout()).plusSeconds(1))).isEqualTo(1);

        assertThat(scripted.notesOn(reference)).hasSize(1);
    }

    @Test
    void twoNodesDeliveringAtOnceEachNotePostedOnce() throws Exception {
        for (Milestone m : List.of(Milestone.APPROVED, Milestone.SCHEDULED, Milestone.DEPLOYMENT_STARTED,
                Milestone.SUCCEEDED, Milestone.CHANGE_CLOSED)) {
            record(m, m.name());
        }
        TicketNotes one = sender();
        TicketNotes two = sender();
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            Instant now = Instant.now();
            for (int round = 0; round < 5 && rows().stream().anyMatch(r -> !r.status().equals("DELIVERED")); round++) {
                List<Callable<Integer>> runs = List.of(() -> one.deliverDue(now), () -> two.deliverDue(now));
                for (Future<Integer> run : nodes.invokeAll(runs)) {
                    run.get();
                }
            }
        }
        finally {
            nodes.shutdownNow();
        }

        assertThat(scripted.notesOn(reference)).extracting(n -> n.substring(0, n.indexOf('\n')))
            .containsExactly("APPROVED", "SCHEDULED", "DEPLOYMENT_STARTED", "SUCCEEDED", "CHANGE_CLOSED");
        assertThat(scripted.posts()).isEqualTo(5);
    }

    @Test
    void aChangeMovesItsTicketsInOrderAfterTheNotesBeforeAndAMoveTheSystemIgnoresIsReportedNotRetried() {
        TicketNotes sender = sender();
        record(Milestone.APPROVED, "approved");
        record(Milestone.DEPLOYMENT_STARTED, "deploying");
        record(Milestone.DEPLOYMENT_STARTED, "deploying"); // published again: nothing
                                                           // more
        record(Milestone.SUCCEEDED, "succeeded");

        assertThat(rows()).extracting(Row::milestone)
            .containsExactly("APPROVED", "DEPLOYMENT_STARTED", "TO_IMPLEMENTING", "SUCCEEDED");
        assertThat(sender.deliverDue(Instant.now())).isEqualTo(4);
        assertThat(scripted.movesOf(reference)).containsExactly(TicketStage.IMPLEMENTING);
        assertThat(ticket().status()).as("the status the move read back").isEqualTo("Stage IMPLEMENTING");

        scripted.ignoreMoves(true);
        record(Milestone.CHANGE_CLOSED, "closed");
        Instant now = Instant.now();
        assertThat(sender.deliverDue(now)).isEqualTo(2);

        Ticket.TicketNote move = ticket().notes()
            .stream()
            .filter(n -> n.milestone().equals("TO_CLOSED"))
            .findFirst()
            .orElseThrow();
        assertThat(move.refused()).isTrue();
        assertThat(move.delivered()).isFalse();
        assertThat(move.lastError()).contains("left " + reference + " where it was");
        assertThat(ticket().undelivered()).as("nothing waits: the refusal is reported").isEmpty();
        assertThat(sender.deliverDue(now.plus(Duration.ofHours(2)))).as("not retried").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE change_id = ? AND kind = 'TICKET_MOVE_REFUSED'")
            .param(change.id().value())
            .query(Long.class)
            .single()).isEqualTo(1);
    }

    @Test
    void anIncidentInAnExternalSystemIsOpenedOnceAfterTheTransactionEvenWhenItsAnswerIsLost() {
        Fixtures.World admins = world;
        administration.save(admins.person("admin", io.patchflow.security.Role.ADMIN), world.customer,
                ScriptedTicketing.SYSTEM,
                new ConnectionSpec("https://scripted.example.test", null, "key", java.util.Map.of(), null, true));
        TicketNotes sender = sender();

        String placeholder = transactions.execute(s -> service.openIncident(change.id().value(), world.customer,
                "Patch change " + change.id() + " failed", "web1: FAILED"));
        String again = transactions.execute(s -> service.openIncident(change.id().value(), world.customer,
                "Patch change " + change.id() + " failed", "web1: FAILED"));
        assertThat(placeholder).isEqualTo(again).startsWith("pending:");
        assertThat(scripted.incidentsOpened()).as("nothing leaves in the transaction").isZero();

        scripted.loseAnswers(1);
        Instant now = Instant.now();
        assertThat(sender.deliverDue(now)).isZero();
        assertThat(scripted.incidentsOpened()).isEqualTo(1);
        assertThat(sender.deliverDue(now.plus(Duration.ofMinutes(1)))).isEqualTo(1);

        assertThat(scripted.incidentsOpened()).as("the retry found the incident by its marker").isEqualTo(1);
        assertThat(service.ticketsOf(change.id().value())).filteredOn(t -> t.kind().equals("INCIDENT"))
            .singleElement()
            .satisfies(t -> {
                assertThat(t.reference()).isEqualTo("EXT-INC-1");
                assertThat(t.system()).isEqualTo(ScriptedTicketing.SYSTEM);
            });
        assertThat(scripted.notesOn("EXT-INC-1")).singleElement().asString().contains("web1: FAILED");
        assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE change_id = ? AND kind = 'INCIDENT_OPENED'")
            .param(change.id().value())
            .query(String.class)
            .list()).singleElement().asString().contains("EXT-INC-1");
    }

    private Ticket ticket() {
        return service.ticketsOf(change.id().value())
            .stream()
            .filter(t -> t.reference().equals(reference))
            .findFirst()
            .orElseThrow();
    }

    /**
     * A sender as another node would run it: its own node id, the same database and
     * systems.
     */
    private TicketNotes sender() {
        return new TicketNotes(noteRows, systems, settings, tickets, audit);
    }

    private void record(Milestone milestone, String note) {
        transactions.executeWithoutResult(s -> events.publishEvent(milestone(milestone, null, note)));
    }

    private ChangeMilestone milestone(Milestone milestone, String occurrence, String note) {
        return new ChangeMilestone(change.id(), world.customer, milestone, occurrence, note);
    }

    record Row(long id, String milestone, String status, int attempts, String lastError) {
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        jdbc.sql("SELECT n.id, n.milestone, n.status, n.attempts, n.last_error FROM ticket_note n "
                + "JOIN ticket t ON t.id = n.ticket_id WHERE t.system = ? AND t.reference = ? ORDER BY n.id")
            .params(ScriptedTicketing.SYSTEM, reference)
            .query((rs, n) -> rows
                .add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5))))
            .list();
        return rows;
    }

}
