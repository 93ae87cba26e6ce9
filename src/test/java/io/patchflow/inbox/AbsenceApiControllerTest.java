package io.patchflow.inbox;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

@WebMvcTest(AbsenceApiController.class)
class AbsenceApiControllerTest extends SecuredSliceTest {

    private static final Actor BOB = Actor.of("bob", Set.of(Role.APPROVER), Set.of("acme"));

    private static final Absence AWAY = new Absence(7, "bob", "carol", Instant.parse("2099-08-01T06:00:00Z"),
            Instant.parse("2099-08-15T16:00:00Z"));

    @MockitoBean
    Absences absences;

    @BeforeEach
    void signIn() {
        signedIn(BOB);
    }

    @Test
    void listsMyRunningAndComingAbsences() throws Exception {
        given(absences.planned(BOB)).willReturn(List.of(AWAY));

        mvc.perform(get("/api/me/absences").with(as(BOB)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$[0].id").value(7))
            .andExpect(jsonPath("$[0].deputy").value("carol"))
            .andExpect(jsonPath("$[0].from").value("2099-08-01T06:00:00Z"));
    }

    @Test
    void plansAnAbsence() throws Exception {
        given(absences.set(BOB, "2099-08-01T08:00+02:00", "2099-08-15T18:00+02:00", "carol")).willReturn(AWAY);

        mvc.perform(post("/api/me/absences").with(as(BOB))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"from\":\"2099-08-01T08:00+02:00\",\"until\":\"2099-08-15T18:00+02:00\",\"deputy\":\"carol\"}"))
            .andExpect(status().isCreated())
            .andExpect(header().string("Location", "/api/me/absences/7"))
            .andExpect(jsonPath("$.until").value("2099-08-15T16:00:00Z"));
    }

    @Test
    void aDeputyWhoMayNotDeputiseIsABadRequestNamingTheField() throws Exception {
        given(absences.set(any(), any(), any(), any()))
            .willThrow(new InvalidInputException("deputy", "no colleague 'mallory' in your customers"));

        mvc.perform(post("/api/me/absences").with(as(BOB))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"from\":\"2099-08-01T08:00Z\",\"until\":\"2099-08-15T18:00Z\",\"deputy\":\"mallory\"}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value("no colleague 'mallory' in your customers"));
    }

    @Test
    void someoneWithoutTasksIsRefused() throws Exception {
        Actor auditor = Actor.of("audrey", Set.of(Role.AUDITOR), Set.of("acme"));
        signedIn(auditor);
        given(absences.set(any(), any(), any(), any()))
            .willThrow(new ForbiddenException("only people whose groups are offered tasks can name a deputy"));

        mvc.perform(post("/api/me/absences").with(as(auditor))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"from\":\"2099-08-01T08:00Z\",\"until\":\"2099-08-15T18:00Z\",\"deputy\":\"bob\"}"))
            .andExpect(status().isForbidden());
    }

    @Test
    void endingSomeoneElsesAbsenceIsNotFound() throws Exception {
        doThrow(new NotFoundException("you have no running or coming absence 8")).when(absences).end(BOB, 8);

        mvc.perform(delete("/api/me/absences/8").with(as(BOB))).andExpect(status().isNotFound());
        mvc.perform(delete("/api/me/absences/7").with(as(BOB))).andExpect(status().isNoContent());
        verify(absences).end(BOB, 7);
    }

    @Test
    void strangersAreNotLetIn() throws Exception {
        mvc.perform(get("/api/me/absences")).andExpect(status().isUnauthorized());
        verifyNoInteractions(absences);
    }

}
