package io.patchflow.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.util.Set;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/**
 * A page that fails renders the error page in the layout, with the status kept and the
 * message as text; the JSON API keeps answering problem details.
 */
@WebMvcTest(controllers = { PageErrorsTest.Pages.class, PageErrorsTest.Api.class })
@Import({ PageErrorsTest.Pages.class, PageErrorsTest.Api.class }) // nested in a test: not
                                                                  // scanned
class PageErrorsTest extends SecuredSliceTest {

    private static final Actor ALICE = Actor.of("alice", Set.of(Role.REQUESTER), Set.of("acme"));

    @Controller
    static class Pages {

        @GetMapping("/widgets/{outcome}")
        String widget(@PathVariable String outcome, @RequestParam(defaultValue = "0") int page) {
            switch (outcome) {
                case "missing" -> throw new NotFoundException("no widget <b>W-1</b>");
                case "forbidden" -> throw new ForbiddenException("only change managers see widgets");
                case "invalid" -> throw new InvalidInputException("id", "W-x is not a widget id");
                case "conflict" -> throw new ConflictException("the widget is closed");
                default -> {
                    return "redirect:/";
                }
            }
        }

    }

    @RestController
    static class Api {

        @GetMapping("/api/widgets/{id}")
        String widget(@PathVariable String id) {
            throw new NotFoundException("no widget " + id);
        }

    }

    @BeforeEach
    void signIn() {
        signedIn(ALICE);
    }

    @Test
    void aPageThatIsNotFoundRendersTheErrorPageWithTheMessageEscaped() throws Exception {
        mvc.perform(get("/widgets/missing").with(as(ALICE)).accept(MediaType.TEXT_HTML))
            .andExpect(status().isNotFound())
            .andExpect(view().name(LayoutAdvice.ERROR))
            .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
            .andExpect(content().string(Matchers.containsString("<h1>Not found</h1>")))
            .andExpect(content().string(Matchers.containsString("no widget &lt;b&gt;W-1&lt;/b&gt;")))
            .andExpect(content().string(Matchers.not(Matchers.containsString("<b>W-1</b>"))))
            // in the layout, with the person signed in
            .andExpect(content().string(Matchers.containsString("aria-label=\"Main\"")))
            .andExpect(model().attribute("me", ALICE));
    }

    @Test
    void forbiddenInvalidAndConflictingPagesKeepTheirStatus() throws Exception {
        mvc.perform(get("/widgets/forbidden").with(as(ALICE)).accept(MediaType.TEXT_HTML))
            .andExpect(status().isForbidden())
            .andExpect(content().string(Matchers.containsString("<h1>Not allowed</h1>")))
            .andExpect(content().string(Matchers.containsString("only change managers see widgets")));
        mvc.perform(get("/widgets/invalid").with(as(ALICE)).accept(MediaType.TEXT_HTML))
            .andExpect(status().isBadRequest())
            .andExpect(content().string(Matchers.containsString("W-x is not a widget id")));
        mvc.perform(get("/widgets/conflict").with(as(ALICE)).accept(MediaType.TEXT_HTML))
            .andExpect(status().isConflict())
            .andExpect(model().attribute("status", 409))
            .andExpect(content().string(Matchers.containsString("the widget is closed")));
    }

    @Test
    void aMalformedParameterOfAPageIsA400Page() throws Exception {
        mvc.perform(get("/widgets/fine?page=first").with(as(ALICE)).accept(MediaType.TEXT_HTML))
            .andExpect(status().isBadRequest())
            .andExpect(view().name(LayoutAdvice.ERROR))
            .andExpect(content().string(Matchers.containsString("invalid value for page")));
    }

    @Test
    void anAddressNothingServesIsA404PageNotJson() throws Exception {
        mvc.perform(get("/tickets/SD-1").with(as(ALICE)).accept(MediaType.TEXT_HTML))
            .andExpect(status().isNotFound())
            .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
            .andExpect(content().string(Matchers.containsString("there is no page at /tickets/SD-1")));
    }

    @Test
    void theApiKeepsAnsweringJsonEvenToABrowser() throws Exception {
        mvc.perform(get("/api/widgets/W-1").with(as(ALICE)).accept(MediaType.TEXT_HTML, MediaType.ALL))
            .andExpect(status().isNotFound())
            .andExpect(jsonPath("$.detail").value("no widget W-1"));
        mvc.perform(get("/api/no-such-thing").with(as(ALICE)).accept(MediaType.TEXT_HTML))
            .andExpect(status().isNotFound())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(404));
    }

    @Test
    void aClientThatTakesOnlyJsonGetsJsonFromAPage() throws Exception {
        mvc.perform(get("/widgets/missing").with(as(ALICE)).accept(MediaType.APPLICATION_JSON))
            .andExpect(status().isNotFound())
            .andExpect(jsonPath("$.detail").value("no widget <b>W-1</b>"));
    }

}
