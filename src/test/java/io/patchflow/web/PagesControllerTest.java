package io.patchflow.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.util.Set;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;

import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;

import jakarta.servlet.RequestDispatcher;

/**
 * The sign-in page and the error page: the one layout, for visitors who are not signed in
 * too.
 */
@WebMvcTest(PagesController.class)
class PagesControllerTest extends SecuredSliceTest {

    @Test
    void theSignInPageHasTheLayoutLabelledFieldsAndNoNavigation() throws Exception {
        mvc.perform(get("/login"))
            .andExpect(status().isOk())
            .andExpect(view().name(PagesController.LOGIN))
            .andExpect(content().string(Matchers.containsString("<html lang=\"en\">")))
            .andExpect(content().string(Matchers.containsString("<title>Sign in · Patchflow</title>")))
            .andExpect(content()
                .string(Matchers.containsString("<label>User name <input type=\"text\" name=\"username\"")))
            .andExpect(content()
                .string(Matchers.containsString("<label>Password <input type=\"password\" name=\"password\"")))
            .andExpect(content().string(Matchers.not(Matchers.containsString("aria-label=\"Main\""))))
            .andExpect(content().string(Matchers.not(Matchers.containsString("role=\"alert\""))));
    }

    @Test
    void aWrongPasswordIsAnnounced() throws Exception {
        mvc.perform(get("/login").param("error", ""))
            .andExpect(status().isOk())
            .andExpect(content()
                .string(Matchers.containsString("role=\"alert\" id=\"login-error\">Wrong user name or password.</p>")));
    }

    @Test
    void aSignedOutVisitorGetsTheErrorPageInTheLayoutWithoutSpringBootsErrorNameAsAFlash() throws Exception {
        mvc.perform(get("/error").accept(MediaType.TEXT_HTML)
            .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 404)
            .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/no-such-page"))
            .andExpect(status().isNotFound())
            .andExpect(view().name("error"))
            .andExpect(content().string(Matchers.containsString("<h1>Not found</h1>")))
            .andExpect(content().string(Matchers.containsString("role=\"alert\" id=\"error-message\">")))
            .andExpect(content().string(Matchers.containsString("class=\"brand\"")))
            .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"page-error\""))))
            .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"signed-in-user\""))));
    }

    @Test
    void signedInTheHomePageIsTheInbox() throws Exception {
        Actor bob = Actor.of("bob", Set.of(Role.APPROVER), Set.of("acme"));
        signedIn(bob);

        mvc.perform(get("/").with(as(bob))).andExpect(status().isFound()).andExpect(redirectedUrl("/inbox"));
    }

}
