package io.patchflow.ticketing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.patchflow.change.ChangeId;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

@WebMvcTest(TicketApiController.class)
class TicketApiControllerTest extends SecuredSliceTest {

    private static final String PASSWORD = "s3cret-pass";

    private static final Actor ERIN = Actor.of("erin", Set.of(Role.SERVICE_DESK), Set.of("acme"));

    @MockitoBean
    TicketService tickets;

    @BeforeEach
    void signIn() {
        knownUser(ERIN, PASSWORD);
        signedIn(ERIN);
    }

    @Test
    void theServiceDeskLinksATicket() throws Exception {
        mvc.perform(post("/api/changes/CHG-3/tickets").with(httpBasic("erin", PASSWORD))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"reference\":\"PSA-77\"}"))
            .andExpect(status().isCreated())
            .andExpect(jsonPath("$.change").value("CHG-3"))
            .andExpect(jsonPath("$.reference").value("PSA-77"));

        verify(tickets).link(ERIN, new ChangeId(3), "PSA-77");
    }

    @Test
    void aRoleThatMayNotLinkIsForbidden() throws Exception {
        willThrow(new ForbiddenException("only the service desk, requesters and change managers link tickets"))
            .given(tickets)
            .link(ERIN, new ChangeId(3), "PSA-77");

        mvc.perform(post("/api/changes/CHG-3/tickets").with(httpBasic("erin", PASSWORD))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"reference\":\"PSA-77\"}"))
            .andExpect(status().isForbidden())
            .andExpect(
                    jsonPath("$.detail").value("only the service desk, requesters and change managers link tickets"));
    }

    @Test
    void aBlankReferenceIsRefusedBeforeTheService() throws Exception {
        mvc.perform(post("/api/changes/CHG-3/tickets").with(httpBasic("erin", PASSWORD))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"reference\":\" \"}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("reference"));

        verify(tickets, never()).link(any(), any(), any());
    }

    @Test
    void aTicketIsUnlinkedWithAReason() throws Exception {
        mvc.perform(delete("/api/changes/CHG-3/tickets/9").with(httpBasic("erin", PASSWORD))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"reason\":\"wrong ticket\"}")).andExpect(status().isNoContent());

        verify(tickets).unlink(ERIN, new ChangeId(3), 9, "wrong ticket");
    }

    @Test
    void unlinkingWithoutAReasonIsABadRequestNamingTheField() throws Exception {
        willThrow(new InvalidInputException("reason", "say why the ticket is unlinked: the reason is required"))
            .given(tickets)
            .unlink(ERIN, new ChangeId(3), 9, null);

        mvc.perform(delete("/api/changes/CHG-3/tickets/9").with(httpBasic("erin", PASSWORD)))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("reason"))
            .andExpect(jsonPath("$.detail").value("say why the ticket is unlinked: the reason is required"));
    }

    @Test
    void anotherCustomersTicketIsNotFoundWhenUnlinking() throws Exception {
        willThrow(new NotFoundException("no ticket 9 linked to CHG-3")).given(tickets)
            .unlink(ERIN, new ChangeId(3), 9, "x");

        mvc.perform(delete("/api/changes/CHG-3/tickets/9").with(httpBasic("erin", PASSWORD))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"reason\":\"x\"}")).andExpect(status().isNotFound());
    }

    @Test
    void ticketsAreFoundByReferenceWithTheirChanges() throws Exception {
        OffsetDateTime at = OffsetDateTime.of(2026, 3, 10, 9, 0, 0, 0, ZoneOffset.UTC);
        given(tickets.find(ERIN, "OPS-17")).willReturn(List.of(new TicketView(
                new Ticket(9, "acme", "jira", "OPS-17", "Mail down", "REQUEST", "In Progress", at, at, List.of()),
                List.of(new LinkedChange(new ChangeId(3), "Patch postfix", "CLOSED", "FAILED", "erin", at)))));

        mvc.perform(get("/api/tickets").param("reference", "OPS-17").with(httpBasic("erin", PASSWORD)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.tickets[0].system").value("jira"))
            .andExpect(jsonPath("$.tickets[0].customer").value("acme"))
            .andExpect(jsonPath("$.tickets[0].status").value("In Progress"))
            .andExpect(jsonPath("$.tickets[0].changes[0].id").value("CHG-3"))
            .andExpect(jsonPath("$.tickets[0].changes[0].outcome").value("FAILED"));
    }

    @Test
    void anUnknownReferenceSaysSo() throws Exception {
        given(tickets.find(ERIN, "OPS-404")).willReturn(List.of());

        mvc.perform(get("/api/tickets").param("reference", "OPS-404").with(httpBasic("erin", PASSWORD)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.tickets").isEmpty())
            .andExpect(jsonPath("$.message").value("no ticket OPS-404 in your customers' tickets"));
    }

}
