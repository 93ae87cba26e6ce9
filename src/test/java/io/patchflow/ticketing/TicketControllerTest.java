package io.patchflow.ticketing;

import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
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
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

@WebMvcTest(TicketController.class)
class TicketControllerTest extends SecuredSliceTest {

    private static final Actor ERIN = Actor.of("erin", Set.of(Role.SERVICE_DESK), Set.of("acme"));

    @MockitoBean
    TicketService tickets;

    @BeforeEach
    void signIn() {
        signedIn(ERIN);
    }

    @Test
    void aLinkedTicketIsConfirmedOnTheChangePage() throws Exception {
        mvc.perform(post("/changes/CHG-5/tickets").with(as(ERIN)).with(csrf()).param("reference", "INC-1"))
            .andExpect(status().isFound())
            .andExpect(redirectedUrl("/changes/CHG-5"))
            .andExpect(flash().attribute("notice", "Ticket INC-1 linked."));

        verify(tickets).link(ERIN, new ChangeId(5), "INC-1");
    }

    @Test
    void aForbiddenTicketLinkIsFlashed() throws Exception {
        willThrow(new ForbiddenException("only the service desk, requesters and change managers link tickets"))
            .given(tickets)
            .link(ERIN, new ChangeId(5), "INC-1");

        mvc.perform(post("/changes/CHG-5/tickets").with(as(ERIN)).with(csrf()).param("reference", "INC-1"))
            .andExpect(status().isFound())
            .andExpect(redirectedUrl("/changes/CHG-5"))
            .andExpect(
                    flash().attribute("error", "only the service desk, requesters and change managers link tickets"));
    }

    @Test
    void withoutTheCsrfTokenNothingIsLinked() throws Exception {
        mvc.perform(post("/changes/CHG-5/tickets").with(as(ERIN)).param("reference", "INC-1"))
            .andExpect(status().isForbidden());

        verifyNoInteractions(tickets);
    }

    private static final OffsetDateTime OPENED = OffsetDateTime.of(2026, 3, 10, 9, 0, 0, 0, ZoneOffset.UTC);

    private static Ticket ticket(String title) {
        return new Ticket(7, "acme", "builtin", "SD-12", title, "REQUEST", "OPEN", OPENED, OPENED,
                List.of(new Ticket.TicketNote(OPENED, "SUBMITTED", "Change CHG-5 submitted <i>now</i>.", true, 0, null,
                        null, OPENED, false)));
    }

    @Test
    void aTicketIsUnlinkedWithItsReason() throws Exception {
        mvc.perform(post("/changes/CHG-5/tickets/7/unlink").with(as(ERIN))
            .with(csrf())
            .param("reason", "linked by mistake"))
            .andExpect(status().isFound())
            .andExpect(redirectedUrl("/changes/CHG-5"))
            .andExpect(flash().attribute("notice", "Ticket unlinked; it hears no more of CHG-5."));

        verify(tickets).unlink(ERIN, new ChangeId(5), 7, "linked by mistake");
    }

    @Test
    void unlinkingWithoutAReasonIsSaidOnTheChangePage() throws Exception {
        willThrow(new InvalidInputException("reason", "say why the ticket is unlinked: the reason is required"))
            .given(tickets)
            .unlink(ERIN, new ChangeId(5), 7, " ");

        mvc.perform(post("/changes/CHG-5/tickets/7/unlink").with(as(ERIN)).with(csrf()).param("reason", " "))
            .andExpect(redirectedUrl("/changes/CHG-5"))
            .andExpect(flash().attribute("error", "say why the ticket is unlinked: the reason is required"));
    }

    @Test
    void anotherCustomersTicketOrChangeIsNotFoundWhenUnlinking() throws Exception {
        willThrow(new NotFoundException("no change CHG-5")).given(tickets).unlink(ERIN, new ChangeId(5), 7, "mistake");

        mvc.perform(post("/changes/CHG-5/tickets/7/unlink").with(as(ERIN)).with(csrf()).param("reason", "mistake"))
            .andExpect(status().isNotFound());
    }

    @Test
    void withoutTheCsrfTokenNothingIsUnlinked() throws Exception {
        mvc.perform(post("/changes/CHG-5/tickets/7/unlink").with(as(ERIN)).param("reason", "mistake"))
            .andExpect(status().isForbidden());

        verifyNoInteractions(tickets);
    }

    @Test
    void theTicketsPageFindsATicketWithItsChanges() throws Exception {
        given(tickets.find(ERIN, "SD-12")).willReturn(List.of(new TicketView(ticket("Mail <script>alert(1)</script>"),
                List.of(new LinkedChange(new ChangeId(5), "Patch git", "CLOSED", "SUCCESSFUL", "erin", OPENED)))));

        mvc.perform(get("/tickets").with(as(ERIN)).param("reference", "SD-12"))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("<a href=\"/tickets/7\">SD-12</a>")))
            .andExpect(content().string(Matchers.containsString("<a href=\"/changes/CHG-5\">CHG-5</a>")))
            .andExpect(content().string(Matchers.containsString("SUCCESSFUL")))
            .andExpect(content().string(Matchers.containsString("Mail &lt;script&gt;alert(1)&lt;/script&gt;")))
            .andExpect(content().string(Matchers.not(Matchers.containsString("<script>alert(1)"))))
            .andExpect(content().string(Matchers.containsString("aria-current=\"page\" id=\"nav-tickets\"")));
    }

    @Test
    void anUnknownReferenceIsSaidPlainly() throws Exception {
        given(tickets.find(ERIN, "SD-404")).willReturn(List.of());

        mvc.perform(get("/tickets").with(as(ERIN)).param("reference", "SD-404"))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("No ticket SD-404 in your customers’ tickets.")));
    }

    @Test
    void theTicketPageShowsTheTicketItsNotesAndItsActionsEscaped() throws Exception {
        given(tickets.ticket(ERIN, 7)).willReturn(new TicketView(ticket("Mail <script>alert(1)</script>"), List.of()));

        mvc.perform(get("/tickets/7").with(as(ERIN)))
            .andExpect(status().isOk())
            .andExpect(view().name(TicketController.TICKET))
            .andExpect(content().string(Matchers.containsString("Mail &lt;script&gt;alert(1)&lt;/script&gt;")))
            .andExpect(content().string(Matchers.not(Matchers.containsString("<script>alert(1)"))))
            .andExpect(content().string(Matchers.containsString("Change CHG-5 submitted &lt;i&gt;now&lt;/i&gt;.")))
            .andExpect(content().string(Matchers.containsString("href=\"/tickets/7/changes-around\"")))
            // the service desk does not submit changes: told why instead of offered a
            // form
            // the server refuses
            .andExpect(content().string(Matchers.containsString(
                    "Creating a change from this ticket: only requesters and change managers submit changes.")));
    }

    @Test
    void anotherCustomersTicketIsTheNotFoundPage() throws Exception {
        given(tickets.ticket(ERIN, 8)).willThrow(new NotFoundException("no ticket 8"));

        mvc.perform(get("/tickets/8").with(as(ERIN))).andExpect(status().isNotFound());
        mvc.perform(get("/tickets/not-a-number").with(as(ERIN))).andExpect(status().isNotFound());
    }

    @Test
    void createChangeFromTicketOpensTheNewChangeFormFilledFromIt() throws Exception {
        given(tickets.draft(ERIN, 7)).willReturn(new ChangeDraft("acme", "Patch for SD-12: Mail & web down", "SD-12",
                List.of(3L, 4L), List.of("acme-web-01", "acme-db-01"), "jira did not answer"));

        mvc.perform(get("/tickets/7/new-change").with(as(ERIN)))
            .andExpect(status().isFound())
            .andExpect(redirectedUrl("/changes/new?customer=acme&title=Patch%20for%20SD-12:%20Mail%20%26%20web%20down"
                    + "&ticketReference=SD-12&assetIds=3&assetIds=4"))
            .andExpect(flash().attribute("notice",
                    "Filled from ticket SD-12: the assets it names are selected: acme-web-01, acme-db-01. "
                            + "Choose the patches; the change is linked to the ticket when you submit it."))
            .andExpect(flash().attribute("error", "Only the stored title was used: jira did not answer."));
    }

}
