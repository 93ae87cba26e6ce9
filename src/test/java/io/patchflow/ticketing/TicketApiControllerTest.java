package io.patchflow.ticketing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

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

}
