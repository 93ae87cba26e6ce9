package io.patchflow.ticketing;

import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.patchflow.change.ChangeId;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.ForbiddenException;

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

}
