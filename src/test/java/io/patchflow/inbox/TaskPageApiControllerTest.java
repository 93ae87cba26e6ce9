package io.patchflow.inbox;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;

/**
 * The task page's form posts here with the session cookie and the CSRF token in a header.
 */
@WebMvcTest(TaskPageApiController.class)
class TaskPageApiControllerTest extends SecuredSliceTest {

    private static final Actor BOB = Actor.of("bob", Set.of(Role.APPROVER), Set.of("acme"));

    private static final String BODY = "{\"variables\":{\"cabVote\":\"approve\"}}";

    @MockitoBean
    InboxService inbox;

    @BeforeEach
    void signIn() {
        signedIn(BOB);
    }

    private static MockHttpServletRequestBuilder complete(String taskId) {
        return post("/tasks/{id}/complete", taskId).with(as(BOB)).contentType(MediaType.APPLICATION_JSON).content(BODY);
    }

    @Test
    void withoutACsrfTokenNothingIsCompleted() throws Exception {
        mvc.perform(complete("t-1")).andExpect(status().isForbidden());

        verifyNoInteractions(inbox);
    }

    @Test
    void withTheCsrfTokenTheTaskIsCompletedAndThePageGoesBackToTheInbox() throws Exception {
        mvc.perform(complete("t-1").with(csrf().asHeader()))
            .andExpect(status().isOk())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
            .andExpect(jsonPath("$.next").value("/inbox"));

        verify(inbox).complete(BOB, "t-1", Map.of("cabVote", "approve"));
    }

    @Test
    void underAContextPathThePageGoesBackToTheInboxUnderItToo() throws Exception {
        mvc.perform(post("/patchflow/tasks/{id}/complete", "t-1").contextPath("/patchflow")
            .with(as(BOB))
            .with(csrf().asHeader())
            .contentType(MediaType.APPLICATION_JSON)
            .content(BODY)).andExpect(status().isOk()).andExpect(jsonPath("$.next").value("/patchflow/inbox"));
    }

    @Test
    void aFourEyesRefusalIsAJsonProblem() throws Exception {
        willThrow(new ForbiddenException("you requested CHG-4; someone else must approve it")).given(inbox)
            .complete(BOB, "t-1", Map.of("cabVote", "approve"));

        mvc.perform(complete("t-1").with(csrf().asHeader()))
            .andExpect(status().isForbidden())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.detail").value("you requested CHG-4; someone else must approve it"));
    }

    @Test
    void aFormErrorNamesTheField() throws Exception {
        willThrow(new InvalidInputException("cabVote", "cabVote must be one of approve, reject")).given(inbox)
            .complete(any(), anyString(), anyMap());

        mvc.perform(complete("t-1").with(csrf().asHeader()))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("cabVote"))
            .andExpect(jsonPath("$.detail").value("cabVote must be one of approve, reject"));
    }

    @Test
    void signedOutTheFormIsSentToTheLoginPage() throws Exception {
        mvc.perform(post("/tasks/t-1/complete").with(csrf().asHeader())
            .contentType(MediaType.APPLICATION_JSON)
            .content(BODY)).andExpect(status().isFound()).andExpect(redirectedUrl("http://localhost/login"));

        verify(inbox, never()).complete(any(), anyString(), anyMap());
    }

}
