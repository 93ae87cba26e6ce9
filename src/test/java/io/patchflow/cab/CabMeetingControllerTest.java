package io.patchflow.cab;

import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

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

@WebMvcTest(CabMeetingController.class)
class CabMeetingControllerTest extends SecuredSliceTest {

    private static final Actor MAX = Actor.of("max", Set.of(Role.CHANGE_MANAGER), Set.of("acme"));

    @MockitoBean
    CabMeetings meetings;

    @BeforeEach
    void signIn() {
        signedIn(MAX);
    }

    @Test
    void theListOffersAChairALabelledFormToPlanAMeeting() throws Exception {
        given(meetings.meetings(MAX)).willReturn(List.of(CabMeetingApiControllerTest.MEETING));

        mvc.perform(get("/cab-meetings").with(as(MAX)))
            .andExpect(status().isOk())
            .andExpect(view().name(CabMeetingController.MEETINGS))
            .andExpect(content().string(Matchers.containsString("href=\"/cab-meetings/4\"")))
            .andExpect(content().string(Matchers.containsString("<label for=\"meeting-starts\">")))
            .andExpect(content().string(Matchers.containsString("name=\"_csrf\"")))
            .andExpect(content().string(Matchers.containsString("aria-current=\"page\">CAB</a>")));
    }

    @Test
    void theMeetingPageShowsTheFrozenAgendaItsVotesAndAVoteFormForThePresentApprovers() throws Exception {
        given(meetings.minutes(MAX, 4)).willReturn(CabMeetingApiControllerTest.MINUTES);
        given(meetings.presentApprovers(MAX, 4)).willReturn(List.of("anna"));
        given(meetings.colleagues(MAX, 4)).willReturn(List.of("anna", "bob"));

        mvc.perform(get("/cab-meetings/4").with(as(MAX)))
            .andExpect(status().isOk())
            .andExpect(view().name(CabMeetingController.MEETING))
            .andExpect(content().string(Matchers.containsString("Agenda frozen at 2099-08-01 09:00 UTC.")))
            .andExpect(content().string(Matchers.containsString("<label for=\"voter-CHG-12\">")))
            .andExpect(content().string(Matchers.containsString("<option value=\"anna\">anna</option>")))
            .andExpect(content().string(Matchers.containsString("max in this meeting")))
            .andExpect(content().string(Matchers.containsString("action=\"/cab-meetings/4/votes\"")))
            .andExpect(content().string(Matchers.containsString("name=\"_csrf\"")));
    }

    @Test
    void anotherCustomersMeetingIsNotFound() throws Exception {
        given(meetings.minutes(MAX, 9)).willThrow(new NotFoundException("no CAB meeting 9"));

        mvc.perform(get("/cab-meetings/9").with(as(MAX))).andExpect(status().isNotFound());
    }

    @Test
    void someoneWhoMayNotChairCannotRecordAVote() throws Exception {
        Actor anna = Actor.of("anna", Set.of(Role.APPROVER), Set.of("acme"));
        signedIn(anna);
        given(meetings.recordVote(anna, 4, new ChangeId(12), "anna", "approve", ""))
            .willThrow(new ForbiddenException(CabMeetings.CHAIR.refusal()));

        mvc.perform(post("/cab-meetings/4/votes").with(as(anna))
            .with(csrf())
            .param("changeId", "CHG-12")
            .param("voter", "anna")
            .param("vote", "approve")
            .param("comment", "")).andExpect(status().isForbidden());
    }

    @Test
    void aRefusedVoteSaysWhyOnTheMeetingPage() throws Exception {
        given(meetings.recordVote(MAX, 4, new ChangeId(12), "rita", "approve", ""))
            .willThrow(new InvalidInputException("voter", "rita cannot take this vote: four-eyes rule: rita requested "
                    + "this change and cannot approve it; another approver must decide"));

        mvc.perform(post("/cab-meetings/4/votes").with(as(MAX))
            .with(csrf())
            .param("changeId", "CHG-12")
            .param("voter", "rita")
            .param("vote", "approve")
            .param("comment", ""))
            .andExpect(redirectedUrl("/cab-meetings/4"))
            .andExpect(flash().attribute("error", Matchers.containsString("rita requested this change")));
    }

    @Test
    void aForgedPostWithoutTheCsrfTokenIsRefused() throws Exception {
        mvc.perform(
                post("/cab-meetings").with(as(MAX)).param("customerId", "acme").param("startsAt", "2099-08-02T09:00"))
            .andExpect(status().isForbidden());
        mvc.perform(post("/cab-meetings/4/attendees").with(as(MAX)).param("username", "anna"))
            .andExpect(status().isForbidden());
        verifyNoInteractions(meetings);
    }

}
