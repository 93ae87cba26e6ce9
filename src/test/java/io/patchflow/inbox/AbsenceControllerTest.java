package io.patchflow.inbox;

import static org.mockito.BDDMockito.given;
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

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

@WebMvcTest(AbsenceController.class)
class AbsenceControllerTest extends SecuredSliceTest {

    private static final Actor BOB = Actor.of("bob", Set.of(Role.APPROVER), Set.of("acme"));

    @MockitoBean
    Absences absences;

    @BeforeEach
    void signIn() {
        signedIn(BOB);
    }

    @Test
    void thePageListsMyAbsencesAndOffersOnlyColleaguesWhoMayDeputise() throws Exception {
        given(absences.planned(BOB)).willReturn(List.of(new Absence(7, "bob", "carol",
                Instant.parse("2099-08-01T06:00:00Z"), Instant.parse("2099-08-15T16:00:00Z"))));
        given(absences.deputies(BOB)).willReturn(List.of("carol", "dave"));

        mvc.perform(get("/settings/absence").with(as(BOB)))
            .andExpect(status().isOk())
            .andExpect(view().name(AbsenceController.ABSENCE))
            .andExpect(content().string(Matchers.containsString("<label for=\"absence-deputy\">Deputy</label>")))
            .andExpect(content().string(Matchers.containsString("<option value=\"dave\">dave</option>")))
            .andExpect(content().string(Matchers.containsString("2099-08-15T16:00:00Z")))
            .andExpect(content().string(Matchers.containsString("action=\"/settings/absence/7/end\"")))
            .andExpect(content().string(Matchers.containsString("name=\"_csrf\"")));
    }

    @Test
    void aForgedPostWithoutTheCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/settings/absence").with(as(BOB))
            .param("from", "2099-08-01T08:00")
            .param("until", "2099-08-15T18:00")
            .param("deputy", "carol")).andExpect(status().isForbidden());
        mvc.perform(post("/settings/absence/7/end").with(as(BOB))).andExpect(status().isForbidden());
        verifyNoInteractions(absences);
    }

    @Test
    void savingAnAbsenceSaysWhoDeputisesOrWhyNot() throws Exception {
        given(absences.set(BOB, "2099-08-01T08:00", "2099-08-15T18:00", "carol")).willReturn(new Absence(7, "bob",
                "carol", Instant.parse("2099-08-01T08:00:00Z"), Instant.parse("2099-08-15T18:00:00Z")));
        given(absences.set(BOB, "2099-08-01T08:00", "2099-08-15T18:00", "mallory"))
            .willThrow(new InvalidInputException("deputy", "no colleague 'mallory' in your customers"));

        mvc.perform(post("/settings/absence").with(as(BOB))
            .with(csrf())
            .param("from", "2099-08-01T08:00")
            .param("until", "2099-08-15T18:00")
            .param("deputy", "carol"))
            .andExpect(redirectedUrl("/settings/absence"))
            .andExpect(flash().attribute("notice", Matchers.containsString("carol deputises for you")));
        mvc.perform(post("/settings/absence").with(as(BOB))
            .with(csrf())
            .param("from", "2099-08-01T08:00")
            .param("until", "2099-08-15T18:00")
            .param("deputy", "mallory"))
            .andExpect(redirectedUrl("/settings/absence"))
            .andExpect(flash().attribute("error", "Not saved: no colleague 'mallory' in your customers"));
    }

    @Test
    void endingAnAbsenceThatIsNotMineIsNotFound() throws Exception {
        org.mockito.Mockito.doThrow(new NotFoundException("you have no running or coming absence 8"))
            .when(absences)
            .end(BOB, 8);

        mvc.perform(post("/settings/absence/8/end").with(as(BOB)).with(csrf())).andExpect(status().isNotFound());
        mvc.perform(post("/settings/absence/7/end").with(as(BOB)).with(csrf()))
            .andExpect(redirectedUrl("/settings/absence"));
        verify(absences).end(BOB, 7);
    }

}
