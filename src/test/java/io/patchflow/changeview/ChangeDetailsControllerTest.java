package io.patchflow.changeview;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeStatus;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.NotFoundException;

@WebMvcTest(ChangeDetailsController.class)
class ChangeDetailsControllerTest extends SecuredSliceTest {

    private static final Actor ALICE = Actor.of("alice", Set.of(Role.REQUESTER), Set.of("acme"));

    @MockitoBean
    ChangeDetailsService details;

    @BeforeEach
    void signIn() {
        signedIn(ALICE);
    }

    @Test
    void underAContextPathTheChangePageHasItsHeadingItsPlaceInTheNavigationAndTheDiagramsAddress() throws Exception {
        OffsetDateTime created = OffsetDateTime.of(2026, 11, 20, 9, 0, 0, 0, ZoneOffset.UTC);
        ChangeRequest change = new ChangeRequest(new ChangeId(4), "acme", "Patch OpenSSL", null, "alice", false, null,
                null, null, ChangeStatus.SUBMITTED, null, null, null, null, null, "pi-4", created, created, null);
        given(details.details(ALICE, new ChangeId(4)))
            .willReturn(new ChangeDetails(change, "Acme", List.of(), List.of(), null, List.of(), List.of(), List.of(),
                    List.of(), true, List.of(), List.of(), java.util.Map.of()));

        mvc.perform(get("/patchflow/changes/CHG-4").contextPath("/patchflow").with(as(ALICE)))
            .andExpect(status().isOk())
            .andExpect(view().name(ChangeDetailsController.DETAIL))
            .andExpect(content().string(Matchers.containsString("<h1 class=\"visually-hidden\">Change CHG-4</h1>")))
            // the change belongs to the list of changes, but is not that page
            .andExpect(content()
                .string(Matchers.containsString("<a href=\"/patchflow/changes\" aria-current=\"true\">Changes</a>")))
            .andExpect(content().string(Matchers.containsString("data-url=\"/patchflow/changes/CHG-4/diagram\"")))
            .andExpect(content().string(Matchers.containsString("<label>Reason <input type=\"text\" name=\"reason\"")));
    }

    @Test
    void eachLinkedTicketShowsItsLastKnownStatusWithItsAgeAndTheNotesNotYetDeliveredWithTheirLastError()
            throws Exception {
        OffsetDateTime created = OffsetDateTime.of(2026, 11, 20, 9, 0, 0, 0, ZoneOffset.UTC);
        ChangeRequest change = new ChangeRequest(new ChangeId(4), "acme", "Patch OpenSSL", null, "alice", false, null,
                null, null, ChangeStatus.DEPLOYING, null, null, null, null, null, "pi-4", created, created, null);
        io.patchflow.ticketing.Ticket ticket = new io.patchflow.ticketing.Ticket(1, "acme", "redmine", "42",
                "Printer <b>broken</b>", "REQUEST", "In Progress", created.plusHours(2), created,
                List.of(new io.patchflow.ticketing.Ticket.TicketNote(created.plusMinutes(1), "APPROVED",
                        "Change CHG-4 approved.", true, 1, null, created.plusMinutes(1), created.plusMinutes(1), false),
                        new io.patchflow.ticketing.Ticket.TicketNote(created.plusMinutes(4), "TO_IMPLEMENTING",
                                "Move the ticket to its implementing stage.", false, 1,
                                "redmine left #42 in New when asked for <In Progress>", created.plusMinutes(4), null,
                                true),
                        new io.patchflow.ticketing.Ticket.TicketNote(created.plusMinutes(5), "DEPLOYMENT_STARTED",
                                "Change CHG-4: deployment started.", false, 3, "503 <script>x</script>",
                                created.plusMinutes(9), null, false)));
        given(details.details(ALICE, new ChangeId(4)))
            .willReturn(new ChangeDetails(change, "Acme", List.of(), List.of(), null, List.of(), List.of(ticket),
                    List.of(), List.of(), false, List.of(), List.of(), java.util.Map.of()));

        mvc.perform(get("/changes/CHG-4").with(as(ALICE)))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("<strong>In Progress</strong>")))
            .andExpect(content().string(Matchers.containsString("as read 2026-11-20 11:00 UTC (")))
            .andExpect(content().string(Matchers.containsString(" days ago)")))
            .andExpect(content()
                .string(Matchers.containsString("1 note(s) not yet on the ticket in redmine; Patchflow keeps trying")))
            .andExpect(content().string(Matchers.containsString(
                    "not delivered yet after 3 attempt(s), last 2026-11-20 09:09 UTC: 503 &lt;script&gt;x&lt;/script&gt;")))
            .andExpect(content().string(Matchers.containsString(
                    "refused by redmine after 1 attempt(s): redmine left #42 in New when asked for &lt;In Progress&gt;")))
            .andExpect(content().string(Matchers.containsString("Printer &lt;b&gt;broken&lt;/b&gt;")));
    }

    private void aChangeAliceMayCancel() {
        OffsetDateTime created = OffsetDateTime.of(2026, 11, 20, 9, 0, 0, 0, ZoneOffset.UTC);
        ChangeRequest change = new ChangeRequest(new ChangeId(4), "acme", "Patch OpenSSL", null, "alice", false, null,
                null, null, ChangeStatus.SUBMITTED, null, null, null, null, null, "pi-4", created, created, null);
        given(details.details(any(), eq(new ChangeId(4))))
            .willReturn(new ChangeDetails(change, "Acme", List.of(), List.of(), null, List.of(), List.of(), List.of(),
                    List.of(), false, List.of(), List.of(), java.util.Map.of()));
    }

    @Test
    void theTicketFormIsOfferedToTheRolesTheServerLetsLinkTickets() throws Exception {
        aChangeAliceMayCancel();
        Actor erin = Actor.of("erin", Set.of(Role.SERVICE_DESK), Set.of("acme"));
        signedIn(erin);

        mvc.perform(get("/changes/CHG-4").with(as(erin)))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("id=\"ticket-form\"")))
            .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"ticket-link-refused\""))));
    }

    @Test
    void anApproverIsNotOfferedTheTicketFormTheServerWouldRefuseButToldWhy() throws Exception {
        aChangeAliceMayCancel();
        Actor bob = Actor.of("bob", Set.of(Role.APPROVER), Set.of("acme"));
        signedIn(bob);

        mvc.perform(get("/changes/CHG-4").with(as(bob)))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"ticket-form\""))))
            .andExpect(content().string(Matchers.not(Matchers.containsString("/changes/CHG-4/tickets"))))
            .andExpect(content().string(Matchers.containsString(
                    "Linking a ticket: only the service desk, requesters and change managers link tickets.")))
            // nor the cancellation, which the details say is not this person's to make
            .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"cancel-form\""))));
    }

    @Test
    void anUnknownChangeShowsTheErrorPageWith404() throws Exception {
        given(details.details(ALICE, new ChangeId(1))).willThrow(new NotFoundException("no change CHG-1"));

        mvc.perform(get("/changes/CHG-1").with(as(ALICE)))
            .andExpect(status().isNotFound())
            .andExpect(view().name("error"))
            .andExpect(model().attribute("status", 404))
            .andExpect(model().attribute("message", "no change CHG-1"))
            .andExpect(content().string(Matchers.containsString("Not found")));
    }

    @Test
    void aChangeIdThatIsNotAnIdIsAlsoNotFound() throws Exception {
        mvc.perform(get("/changes/not-a-change").with(as(ALICE)))
            .andExpect(status().isNotFound())
            .andExpect(view().name("error"))
            .andExpect(model().attribute("message", "no change not-a-change"));

        verifyNoInteractions(details);
    }

    @Test
    void signedOutVisitorsAreSentToTheLoginPage() throws Exception {
        mvc.perform(get("/changes/CHG-1"))
            .andExpect(status().isFound())
            .andExpect(redirectedUrl("http://localhost/login"));

        verifyNoInteractions(details);
    }

    @Test
    void theChangePageShowsTheAssetsProgressAndLinksTheHistoryDownload() throws Exception {
        OffsetDateTime created = OffsetDateTime.of(2026, 11, 20, 9, 0, 0, 0, ZoneOffset.UTC);
        ChangeRequest change = new ChangeRequest(new ChangeId(4), "acme", "Patch OpenSSL", null, "alice", false, null,
                null, null, ChangeStatus.DEPLOYING, null, null, null, null, null, "pi-4", created, created, null);
        List<io.patchflow.deployment.ChangeAssetView> assets = new java.util.ArrayList<>();
        io.patchflow.deployment.AssetState[] states = { io.patchflow.deployment.AssetState.SUCCEEDED,
                io.patchflow.deployment.AssetState.VERIFYING, io.patchflow.deployment.AssetState.INSTALLED,
                io.patchflow.deployment.AssetState.INSTALL_FAILED, io.patchflow.deployment.AssetState.PENDING };
        for (int i = 0; i < states.length; i++) {
            assets.add(new io.patchflow.deployment.ChangeAssetView(i, "host" + i, 0, "LOW", "INTERNAL", 1, states[i],
                    null, created, false, null));
        }
        given(details.details(ALICE, new ChangeId(4))).willReturn(new ChangeDetails(change, "Acme", List.of(), assets,
                null, List.of(), List.of(), List.of(), List.of(), false, List.of(), List.of(), java.util.Map.of()));

        mvc.perform(get("/changes/CHG-4").with(as(ALICE)))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("<progress max=\"5\" value=\"3\"")))
            .andExpect(content().string(Matchers.containsString(">3 of 5 installed, 1 failed</strong>")))
            .andExpect(content()
                .string(Matchers.containsString("<li><span class=\"state\">PENDING</span> <span>1</span></li>")))
            .andExpect(content().string(Matchers.containsString("href=\"/changes/CHG-4/history.csv\"")));
    }

    @Test
    void theHistoryDownloadsAsCsvWithTheSession() throws Exception {
        given(details.historyCsv(ALICE, new ChangeId(4))).willReturn("time,actor,kind,detail\r\n");

        mvc.perform(get("/changes/CHG-4/history.csv").with(as(ALICE)))
            .andExpect(status().isOk())
            .andExpect(content().contentType("text/csv;charset=UTF-8"))
            .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header()
                .string("Content-Disposition", "attachment; filename=\"CHG-4-history.csv\""))
            .andExpect(content().string("time,actor,kind,detail\r\n"));
    }

    @Test
    void anotherCustomersHistoryIsTheNotFoundPage() throws Exception {
        given(details.historyCsv(ALICE, new ChangeId(9))).willThrow(new NotFoundException("no change CHG-9"));

        mvc.perform(get("/changes/CHG-9/history.csv").with(as(ALICE)))
            .andExpect(status().isNotFound())
            .andExpect(view().name("error"))
            .andExpect(model().attribute("message", "no change CHG-9"));
    }

    @Test
    void aRefusedHistoryIsTheForbiddenPage() throws Exception {
        given(details.historyCsv(ALICE, new ChangeId(4)))
            .willThrow(new io.patchflow.shared.ForbiddenException("not yours to export"));

        mvc.perform(get("/changes/CHG-4/history.csv").with(as(ALICE)))
            .andExpect(status().isForbidden())
            .andExpect(view().name("error"));
    }

    @Test
    void withoutASessionTheDownloadGoesToTheLoginPage() throws Exception {
        mvc.perform(get("/changes/CHG-4/history.csv")).andExpect(status().isFound());

        verifyNoInteractions(details);
    }

}
