package io.patchflow.servicedesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeOutcome;
import io.patchflow.change.ChangeRequest;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchChange.ReviewConclusion;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.testsupport.Fixtures;
import io.patchflow.testsupport.ProcessDriver;
import io.patchflow.testsupport.ScriptedTicketing;
import io.patchflow.ticketing.ChangeDraft;
import io.patchflow.ticketing.Ticket;
import io.patchflow.ticketing.TicketService;
import io.patchflow.ticketing.TicketView;

/**
 * The service desk's pages on the real database and process: a ticket found by its
 * reference with its change, unlinking, "what changed around this ticket" after a change
 * that installed on one asset and rolled back on another, and a change drafted from a
 * ticket. Each customer sees only its own tickets.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class ServiceDeskTest {

    @Autowired
    Fixtures fixtures;

    @Autowired
    ProcessDriver driver;

    @Autowired
    TicketService tickets;

    @Autowired
    ChangesAround around;

    @Autowired
    AuditTrail audit;

    @Autowired
    ScriptedTicketing scripted;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    Fixtures.World world;

    Actor desk;

    long patch;

    @BeforeEach
    void aCustomerWithTwoMachines() {
        world = fixtures.world();
        desk = world.person("desk", Role.SERVICE_DESK);
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("ws2", Criticality.LOW, Exposure.INTERNAL, 0);
        patch = fixtures.maintenancePatch();
    }

    @AfterEach
    void scriptedSystemUp() {
        scripted.up();
    }

    @Test
    void aTicketIsFoundByItsReferenceWithItsChangeButNotByAnotherCustomersServiceDesk() {
        ChangeRequest change = driver.submit(world, List.of(patch), world.assets("ws1"), false, null);
        String reference = "SD-" + world.customer;

        List<TicketView> found = tickets.find(desk, reference);

        assertThat(found).hasSize(1);
        assertThat(found.get(0).ticket().system()).isEqualTo("builtin");
        assertThat(found.get(0).changes()).extracting(c -> c.id()).containsExactly(change.id());
        assertThat(tickets.find(desk, "SD-nothing-" + world.customer)).isEmpty();

        Fixtures.World other = fixtures.world();
        Actor otherDesk = other.person("desk", Role.SERVICE_DESK);
        long ticketId = found.get(0).ticket().id();
        assertThat(tickets.find(otherDesk, reference)).isEmpty();
        assertThatThrownBy(() -> tickets.ticket(otherDesk, ticketId)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> around.ticket(otherDesk, ticketId)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> tickets.draft(otherDesk, ticketId)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> tickets.unlink(otherDesk, change.id(), ticketId, "not mine"))
            .isInstanceOf(NotFoundException.class);
        assertThat(tickets.ticketsOf(change.id().value())).hasSize(1);
    }

    @Test
    void anotherCustomersTicketIsTheNotFoundPage() throws Exception {
        driver.submit(world, List.of(patch), world.assets("ws1"), false, null);
        long ticketId = ticketId();
        Fixtures.World other = fixtures.world();
        other.person("desk", Role.SERVICE_DESK);

        for (String page : List.of("/tickets/" + ticketId, "/tickets/" + ticketId + "/changes-around",
                "/tickets/" + ticketId + "/changes-around.csv", "/tickets/" + ticketId + "/new-change")) {
            mvc.perform(get(page).with(user(other.customer + "-desk").roles(Role.SERVICE_DESK.name())))
                .andExpect(status().isNotFound());
        }
        mvc.perform(get("/api/tickets").param("reference", "SD-" + world.customer)
            .with(user(other.customer + "-desk").roles(Role.SERVICE_DESK.name())))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("\"tickets\":[]")));
    }

    @Test
    void anUnlinkedTicketKeepsItsNotesAndHearsOfNoLaterMilestone() {
        ChangeRequest change = driver.submit(world, List.of(patch), world.assets("ws1"), false, null);
        long ticketId = ticketId();

        assertThatThrownBy(() -> tickets.unlink(desk, change.id(), ticketId, "  "))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage("say why the ticket is unlinked: the reason is required");
        assertThatThrownBy(() -> tickets.unlink(desk, change.id(), ticketId, "x".repeat(501)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage("the reason is at most 500 characters (it has 501)");
        assertThat(tickets.ticketsOf(change.id().value())).hasSize(1);

        int notesBefore = notes(ticketId).size();
        tickets.unlink(desk, change.id(), ticketId, "linked to the wrong change");

        assertThat(tickets.ticketsOf(change.id().value())).isEmpty();
        assertThat(audit.ofChange(change.id().value())).filteredOn(e -> e.kind().equals("TICKET_UNLINKED"))
            .extracting(e -> e.actor(), e -> e.detail())
            .containsExactly(
                    tuple(desk.username(), "builtin ticket SD-" + world.customer + ": linked to the wrong change"));
        assertThatThrownBy(() -> tickets.unlink(desk, change.id(), ticketId, "again"))
            .isInstanceOf(NotFoundException.class);

        // deployed and closed: the ticket hears none of it, and keeps what it had
        driver.agentsSucceed(world, change.id(), "ws1");
        driver.agentsSucceed(world, change.id(), "ws1");
        assertThat(driver.change(change.id()).outcome()).isEqualTo(ChangeOutcome.SUCCESSFUL);
        assertThat(notes(ticketId)).hasSize(notesBefore).isNotEmpty();
        assertThat(tickets.ticket(desk, ticketId).changes()).isEmpty();
    }

    @Test
    void whatChangedAroundATicketListsEachAssetWithWhatWasInstalledAndHowItEnded() throws Exception {
        ChangeRequest change = driver.submit(world, List.of(patch), world.assets("ws1", "ws2"), false, null);
        driver.agentsSucceed(world, change.id(), "ws1", "ws2");
        driver.agentAnswers(world, change.id(), "ws1", true);
        driver.agentAnswers(world, change.id(), "ws2", false);
        driver.agentsSucceed(world, change.id(), "ws2");
        driver.complete(world.changeManager, change.id(), PatchChange.TASK_REVIEW_IMPLEMENTATION,
                Map.of(PatchChange.VAR_REVIEW_CONCLUSION, ReviewConclusion.FOLLOW_UP, PatchChange.VAR_REVIEW_FINDINGS,
                        "ws2 did not come back"));
        long ticketId = ticketId();
        String ws2 = world.customer + "-ws2";
        retitle(ticketId, "<script>alert(1)</script> " + ws2 + " is slow since yesterday");
        String version = jdbc.sql("SELECT version FROM patch WHERE id = ?").param(patch).query(String.class).single();

        ChangesAround.Report report = around.report(around.ticket(desk, ticketId),
                ChangesAround.period(around.ticket(desk, ticketId), null, null), false);

        assertThat(report.changes()).hasSize(1);
        assertThat(report.changes().get(0).id()).isEqualTo(change.id());
        assertThat(report.changes().get(0).outcome()).isEqualTo("PARTIALLY_SUCCESSFUL");
        assertThat(report.changes().get(0).assets())
            .extracting(a -> a.hostname(), a -> a.packages().get(0).name(), a -> a.packages().get(0).version(),
                    a -> a.result().label(), a -> a.named())
            .containsExactlyInAnyOrder(tuple(world.customer + "-ws1", "tzdata", version, "installed", false),
                    tuple(ws2, "tzdata", version, "rolled back", true));
        assertThat(around.report(report.ticket(), report.period(), true).changes().get(0).assets())
            .extracting(a -> a.hostname())
            .containsExactly(ws2);
        // a period before the change finds nothing
        String from = report.period().from().minusDays(30).toString();
        String to = report.period().from().minusDays(20).toString();
        assertThat(around.report(report.ticket(), ChangesAround.period(report.ticket(), from, to), false).changes())
            .isEmpty();

        String csv = ChangesAroundCsv.of(report);
        assertThat(csv).contains(change.id() + ",test change,CLOSED,PARTIALLY_SUCCESSFUL," + ws2 + ",yes,tzdata,"
                + version + ",rolled back,");

        String page = mvc
            .perform(get("/tickets/" + ticketId + "/changes-around")
                .with(user(desk.username()).roles(Role.SERVICE_DESK.name())))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
            .doesNotContain("<script>alert(1)")
            .contains("data-host=\"" + ws2 + "\" data-result=\"ROLLED_BACK\"")
            .contains("named in the ticket");
        mvc.perform(get("/tickets/" + ticketId + "/changes-around").param("from", "2026-01-01")
            .param("to", "2026-06-01")
            .with(user(desk.username()).roles(Role.SERVICE_DESK.name())))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString(
                    "a period is at most 92 days; 2026-01-01 to 2026-06-01 is 152 days: choose a shorter one")));
    }

    @Test
    void aChangeDraftedFromATicketIsTitledAfterItAndTargetsTheMachinesItNames() {
        driver.submit(world, List.of(patch), world.assets("ws1"), false, null);
        long ticketId = ticketId();
        retitle(ticketId, "Mail on " + world.customer + "-ws2 broken");

        ChangeDraft draft = tickets.draft(world.requester, ticketId);

        assertThat(draft.title())
            .isEqualTo("Patch for SD-" + world.customer + ": Mail on " + world.customer + "-ws2 broken");
        assertThat(draft.ticketReference()).isEqualTo("SD-" + world.customer);
        assertThat(draft.customerId()).isEqualTo(world.customer);
        assertThat(draft.assetIds()).containsExactly(world.assetId("ws2"));
        assertThat(draft.unavailable()).isNull();
    }

    @Test
    void whenTheExternalSystemDoesNotAnswerTheDraftUsesTheStoredTitleAndSaysSo() {
        jdbc.sql("INSERT INTO ticket(customer_id, system, reference, title, kind, status, created_at) "
                + "VALUES (?, ?, ?, ?, 'REQUEST', 'Open', ?)")
            .params(world.customer, ScriptedTicketing.SYSTEM, "OPS-17", world.customer + "-ws1 reboots",
                    OffsetDateTime.now(ZoneOffset.UTC))
            .update();
        long ticketId = tickets.find(desk, "OPS-17").get(0).ticket().id();
        scripted.down(Duration.ofSeconds(5));

        ChangeDraft draft = tickets.draft(world.requester, ticketId);

        assertThat(draft.title()).isEqualTo("Patch for OPS-17: " + world.customer + "-ws1 reboots");
        assertThat(draft.assetIds()).containsExactly(world.assetId("ws1"));
        assertThat(draft.unavailable()).startsWith("the description of scripted ticket OPS-17 could not be read");
    }

    private long ticketId() {
        return tickets.find(desk, "SD-" + world.customer).get(0).ticket().id();
    }

    private List<Ticket.TicketNote> notes(long ticketId) {
        return tickets.ticket(desk, ticketId).ticket().notes();
    }

    private void retitle(long ticketId, String title) {
        jdbc.sql("UPDATE ticket SET title = ? WHERE id = ?").params(title, ticketId).update();
    }

}
