package io.patchflow.changeview;

import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

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
