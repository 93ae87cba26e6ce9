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

}
