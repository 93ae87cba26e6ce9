package io.patchflow.web;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;

/**
 * Unknown query parameters are refused on every {@code /api} endpoint, whatever declares
 * what it takes; pages are not affected.
 */
@WebMvcTest(controllers = { KnownParametersTest.Lists.class, KnownParametersTest.Searches.class,
        KnownParametersTest.Anything.class, KnownParametersTest.APage.class })
@Import({ KnownParametersTest.Lists.class, KnownParametersTest.Searches.class, KnownParametersTest.Anything.class,
        KnownParametersTest.APage.class }) // nested in a test: not scanned
class KnownParametersTest extends SecuredSliceTest {

    private static final Actor ALICE = Actor.of("alice", Set.of(Role.REQUESTER), Set.of("acme"));

    @RestController
    static class Lists {

        @GetMapping("/api/things")
        List<String> things(Actor actor, @RequestParam(required = false) String status,
                @RequestParam(name = "page", defaultValue = "0") int number) {
            return List.of(status == null ? "any" : status, String.valueOf(number));
        }

        @PostMapping("/api/things")
        String create() {
            return "created";
        }

    }

    record Criteria(String name, Integer limit) {
    }

    @RestController
    static class Searches {

        @GetMapping("/api/searches")
        String search(@ModelAttribute Criteria criteria) {
            return criteria.name() + "/" + criteria.limit();
        }

        @GetMapping("/api/documented-searches")
        String documented(@ParameterObject Criteria criteria) {
            return criteria.name() + "/" + criteria.limit();
        }

    }

    @RestController
    static class Anything {

        @GetMapping("/api/anything")
        Map<String, String> anything(@RequestParam Map<String, String> all) {
            return all;
        }

    }

    @Controller
    static class APage {

        @GetMapping("/things")
        @ResponseBody
        String page(@RequestParam(required = false) String status) {
            return "page " + status;
        }

    }

    @BeforeEach
    void signIn() {
        signedIn(ALICE);
    }

    @Test
    void anUnknownParameterIsA400ThatNamesItAndListsTheSupportedOnes() throws Exception {
        mvc.perform(get("/api/things?ticket=SD-1&status=OPEN").with(as(ALICE)))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.status").value(400))
            .andExpect(jsonPath("$.field").value("ticket"))
            .andExpect(jsonPath("$.supported", Matchers.contains("page", "status")))
            .andExpect(jsonPath("$.detail")
                .value("unknown query parameter 'ticket': GET /api/things takes page, status; nothing was done"));
    }

    @Test
    void theSupportedParametersPassByTheirBoundName() throws Exception {
        mvc.perform(get("/api/things?status=OPEN&page=2").with(as(ALICE)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$[0]").value("OPEN"))
            .andExpect(jsonPath("$[1]").value("2"));
    }

    @Test
    void anEndpointWithoutParametersTakesNone() throws Exception {
        mvc.perform(post("/api/things?dryRun=true").with(as(ALICE)))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("dryRun"))
            .andExpect(jsonPath("$.detail", Matchers.containsString("takes no query parameters")));
    }

    @Test
    void aModelAttributeOrParameterObjectTakesItsProperties() throws Exception {
        mvc.perform(get("/api/searches?name=web&limit=3").with(as(ALICE)))
            .andExpect(status().isOk())
            .andExpect(content().string("web/3"));
        mvc.perform(get("/api/documented-searches?name=web&limit=3").with(as(ALICE))).andExpect(status().isOk());
        mvc.perform(get("/api/searches?name=web&sort=name").with(as(ALICE)))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("sort"))
            .andExpect(jsonPath("$.supported", Matchers.contains("limit", "name")));
        mvc.perform(get("/api/documented-searches?nmae=web").with(as(ALICE)))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("nmae"));
    }

    @Test
    void anEndpointThatTakesAMapOfParametersTakesAny() throws Exception {
        mvc.perform(get("/api/anything?whatever=1").with(as(ALICE)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.whatever").value("1"));
    }

    @Test
    void theCsrfFieldIsNeverUnknown() throws Exception {
        mvc.perform(get("/api/things?_csrf=token").with(as(ALICE))).andExpect(status().isOk());
    }

    @Test
    void pagesAreNotAffected() throws Exception {
        mvc.perform(get("/things?status=OPEN&utm_source=mail").with(as(ALICE)).with(csrf()))
            .andExpect(status().isOk())
            .andExpect(content().string("page OPEN"));
    }

}
