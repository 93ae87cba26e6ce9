package io.patchflow.cab;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.hamcrest.Matchers;
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

@WebMvcTest(CabMeetingApiController.class)
class CabMeetingApiControllerTest extends SecuredSliceTest {

    private static final Actor MAX = Actor.of("max", Set.of(Role.CHANGE_MANAGER), Set.of("acme"));

    static final CabMeeting MEETING = new CabMeeting(4, "acme", Instant.parse("2099-08-02T09:00:00Z"),
            Instant.parse("2099-08-01T09:00:00Z"), "max", Instant.parse("2099-07-01T09:00:00Z"),
            CabMeeting.State.FROZEN, Instant.parse("2099-08-01T09:00:30Z"));

    static final Minutes.Item ITEM = new Minutes.Item(new ChangeId(12), "=cmd|' /C calc'!A0", "rita", 1, 3, 2,
            List.of(new Minutes.Vote("anna", "approve", null, Instant.parse("2099-08-02T09:10:00Z"), "max")),
            "open: 1 of 2 approvals needed, 3 seats", true);

    static final Minutes MINUTES = new Minutes(MEETING,
            List.of(new Attendee("anna", "max", Instant.parse("2099-08-02T09:01:00Z"))), List.of(ITEM));

    @MockitoBean
    CabMeetings meetings;

    @BeforeEach
    void signIn() {
        signedIn(MAX);
    }

    @Test
    void plansAMeeting() throws Exception {
        given(meetings.create(MAX, "acme", "2099-08-02T09:00Z", null)).willReturn(MEETING);

        mvc.perform(post("/api/cab-meetings").with(as(MAX))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"customerId\":\"acme\",\"startsAt\":\"2099-08-02T09:00Z\"}"))
            .andExpect(status().isCreated())
            .andExpect(header().string("Location", "/api/cab-meetings/4"))
            .andExpect(jsonPath("$.cutOffAt").value("2099-08-01T09:00:00Z"))
            .andExpect(jsonPath("$.state").value("FROZEN"));
    }

    @Test
    void someoneWhoMayNotChairIsRefused() throws Exception {
        Actor anna = Actor.of("anna", Set.of(Role.APPROVER), Set.of("acme"));
        signedIn(anna);
        given(meetings.recordVote(any(), any(Long.class), any(), any(), any(), any()))
            .willThrow(new ForbiddenException(CabMeetings.CHAIR.refusal()));

        mvc.perform(post("/api/cab-meetings/4/votes").with(as(anna))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"changeId\":\"CHG-12\",\"voter\":\"anna\",\"vote\":\"approve\"}"))
            .andExpect(status().isForbidden())
            .andExpect(jsonPath("$.detail").value(CabMeetings.CHAIR.refusal()));
    }

    @Test
    void anotherCustomersMeetingIsNotFound() throws Exception {
        given(meetings.minutes(MAX, 9)).willThrow(new NotFoundException("no CAB meeting 9"));

        mvc.perform(get("/api/cab-meetings/9").with(as(MAX))).andExpect(status().isNotFound());
        mvc.perform(get("/api/cab-meetings/9/minutes.csv").with(as(MAX))).andExpect(status().isNotFound());
    }

    @Test
    void aVoteOfSomeoneNotPresentIsABadRequestNamingTheVoter() throws Exception {
        given(meetings.recordVote(MAX, 4, new ChangeId(12), "bob", "approve", null))
            .willThrow(new InvalidInputException("voter", "bob is not recorded as present; record the attendee first"));

        mvc.perform(post("/api/cab-meetings/4/votes").with(as(MAX))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"changeId\":\"CHG-12\",\"voter\":\"bob\",\"vote\":\"approve\"}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("voter"));
    }

    @Test
    void recordsAVoteAndAnswersWithTheItem() throws Exception {
        given(meetings.recordVote(MAX, 4, new ChangeId(12), "anna", "approve", null)).willReturn(ITEM);

        mvc.perform(post("/api/cab-meetings/4/votes").with(as(MAX))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"changeId\":\"CHG-12\",\"voter\":\"anna\",\"vote\":\"approve\"}"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.votes[0].recordedBy").value("max"))
            .andExpect(jsonPath("$.quorum").value(2));
    }

    @Test
    void theMinutesDownloadAsCsvWithFormulasDefused() throws Exception {
        given(meetings.minutes(MAX, 4)).willReturn(MINUTES);

        mvc.perform(get("/api/cab-meetings/4/minutes.csv").with(as(MAX)))
            .andExpect(status().isOk())
            .andExpect(content().contentTypeCompatibleWith("text/csv"))
            .andExpect(header().string("Content-Disposition", Matchers.containsString("cab-meeting-4-minutes.csv")))
            .andExpect(content().string(Matchers.startsWith(
                    "meeting,customer,starts_at,row,change,title,person,decision,comment,time,recorded_by\r\n")))
            .andExpect(content().string(Matchers.containsString("4,acme,2099-08-02T09:00:00Z,attendee,,,anna,present")))
            .andExpect(content().string(Matchers.containsString("'=cmd|' /C calc'!A0")));
    }

    @Test
    void strangersAreNotLetIn() throws Exception {
        mvc.perform(get("/api/cab-meetings")).andExpect(status().isUnauthorized());
        verifyNoInteractions(meetings);
    }

}
