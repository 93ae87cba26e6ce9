package io.patchflow.modeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.testsupport.Fixtures;

/**
 * The analysts' pages render what the service holds, refuse what it refuses with the
 * reason on the page, and send the editor what it needs; on a context of their own, since
 * they publish.
 */
@SpringBootTest(properties = "patchflow.test.context=modeling")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class ModelingPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    Fixtures fixtures;

    @Autowired
    ModelDrafts drafts;

    final ObjectMapper json = new ObjectMapper();

    Actor author;

    Actor reviewer;

    Actor auditor;

    Actor requester;

    @BeforeEach
    void people() {
        Fixtures.World world = fixtures.world();
        author = world.person("author", Role.PROCESS_ANALYST);
        reviewer = world.person("reviewer", Role.PROCESS_ANALYST);
        auditor = world.person("auditor", Role.AUDITOR);
        requester = world.requester;
    }

    @Test
    void anAnalystStartsEditsAndSubmitsADraftAndASecondOneSeesTheChangesAndApproves() throws Exception {
        mvc.perform(get("/modeling").with(as(author)))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("patch-change.bpmn")))
            .andExpect(content().string(Matchers.containsString("id=\"start-draft\"")));

        String location = mvc
            .perform(post("/modeling/drafts").with(as(author))
                .with(csrf())
                .param("title", "Wording of the review form")
                .param("liveFiles", "review-change.form"))
            .andExpect(status().is3xxRedirection())
            .andReturn()
            .getResponse()
            .getRedirectedUrl();
        assertThat(location).matches("/modeling/drafts/\\d+");
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));

        mvc.perform(get("/modeling/drafts/" + id + "/edit/review-change.form").with(as(author)))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("/vendor/editors/form-editor.js")))
            .andExpect(content().string(Matchers.containsString("data-revision=\"1\"")));
        String form = mvc.perform(get("/modeling/drafts/" + id + "/files/review-change.form").with(as(author)))
            .andExpect(status().isOk())
            .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_PLAIN))
            .andReturn()
            .getResponse()
            .getContentAsString();
        String changed = form.replaceFirst("\"label\": \"[^\"]*\"", "\"label\": \"A clearer label\"");
        assertThat(changed).isNotEqualTo(form);

        // the editor's save: CSRF needed, a stale revision is a conflict, the answer has
        // the findings
        mvc.perform(put("/modeling/drafts/" + id + "/files/review-change.form").with(as(author))
            .contentType(MediaType.APPLICATION_JSON)
            .content(json.writeValueAsString(java.util.Map.of("content", changed, "revision", 1))))
            .andExpect(status().isForbidden());
        mvc.perform(put("/modeling/drafts/" + id + "/files/review-change.form").with(as(author))
            .with(csrf())
            .contentType(MediaType.APPLICATION_JSON)
            .content(json.writeValueAsString(java.util.Map.of("content", changed, "revision", 1))))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.revision").value(2))
            .andExpect(jsonPath("$.findings").isEmpty());
        mvc.perform(put("/modeling/drafts/" + id + "/files/review-change.form").with(as(author))
            .with(csrf())
            .contentType(MediaType.APPLICATION_JSON)
            .content(json.writeValueAsString(java.util.Map.of("content", form, "revision", 1))))
            .andExpect(status().isConflict())
            .andExpect(jsonPath("$.detail").value(Matchers.containsString("revision 2")));
        mvc.perform(post("/modeling/drafts/" + id + "/validate").with(as(author))
            .with(csrf())
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"file\":\"review-change.form\",\"content\":\"{ not json\"}"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.findings[0].resource").value("review-change.form"))
            .andExpect(jsonPath("$.findings[0].message").value(Matchers.startsWith("review-change.form")));

        mvc.perform(post("/modeling/drafts/" + id + "/submit").with(as(author)).with(csrf()))
            .andExpect(flash().attribute("notice", Matchers.containsString("Submitted")));

        // the author may not review; the page says why
        mvc.perform(get("/modeling/drafts/" + id).with(as(author)))
            .andExpect(content().string(Matchers.containsString("you started this draft")))
            .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"approve-draft\""))));
        mvc.perform(post("/modeling/drafts/" + id + "/review").with(as(author))
            .with(csrf())
            .param("decision", "approve")
            .param("revision", "2")).andExpect(flash().attribute("error", Matchers.containsString("second analyst")));

        // the second analyst sees what changed, on the page and as JSON for the diagram
        mvc.perform(get("/modeling/drafts/" + id).with(as(reviewer)))
            .andExpect(content().string(Matchers.containsString("id=\"approve-draft\"")))
            .andExpect(content().string(Matchers.containsString("A clearer label")));
        mvc.perform(get("/modeling/drafts/" + id + "/diff/review-change.form.json").with(as(reviewer)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.changes[0].change").value("CHANGED"));
        mvc.perform(get("/modeling/drafts/" + id + "/diff/review-change.form").with(as(reviewer)))
            .andExpect(status().isOk())
            .andExpect(content().string(
                    Matchers.containsString("data-before-url=\"/modeling/versions/live/files/review-change.form\"")));
        mvc.perform(get("/modeling/versions/live/files/review-change.form").with(as(reviewer)))
            .andExpect(status().isOk());
        mvc.perform(post("/modeling/drafts/" + id + "/review").with(as(reviewer))
            .with(csrf())
            .param("decision", "approve")
            .param("revision", "2")).andExpect(flash().attribute("notice", Matchers.containsString("Approved")));
        mvc.perform(post("/modeling/drafts/" + id + "/publish").with(as(author)).with(csrf()))
            .andExpect(flash().attribute("notice", Matchers.containsString("review-change.form version")));

        mvc.perform(get("/modeling/files/review-change.form").with(as(auditor)))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("changes from the version before")))
            .andExpect(content().string(Matchers.not(Matchers.containsString("Go back to this version"))));
        mvc.perform(get("/modeling/migration/patch-change").with(as(auditor))).andExpect(status().isOk());

        // an upgrade ships its own version of the file over the analysts': the overview
        // says so
        mvc.perform(get("/modeling").with(as(author)))
            .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"shipped-over\""))));
        engineRepository.createDeployment()
            .name("SpringAutoDeployment")
            .addString("/opt/patchflow/forms/review-change.form", form)
            .deploy();
        mvc.perform(get("/modeling").with(as(author)))
            .andExpect(content().string(Matchers.containsString("id=\"shipped-over\"")))
            .andExpect(content().string(Matchers.containsString("its own version of review-change.form")));
    }

    @Autowired
    org.camunda.bpm.engine.RepositoryService engineRepository;

    @Autowired
    io.patchflow.testsupport.ProcessDriver driver;

    @Test
    void theDraftPageShowsWhichOfTheAnalystsCustomersChangesTheDraftTablesWouldReRoute() throws Exception {
        Fixtures.World mine = fixtures.world();
        Actor analyst = mine.person("impact-analyst", Role.PROCESS_ANALYST);
        Actor second = mine.person("impact-reviewer", Role.PROCESS_ANALYST);
        mine.asset("app1", io.patchflow.inventory.Criticality.MEDIUM, io.patchflow.inventory.Exposure.INTERNAL, 0);
        io.patchflow.change.ChangeRequest change = driver.submit(mine, List.of(fixtures.exploitedPatch("8.0")),
                mine.assets("app1"), false, null);
        Fixtures.World theirs = fixtures.world();
        theirs.asset("app9", io.patchflow.inventory.Criticality.MEDIUM, io.patchflow.inventory.Exposure.INTERNAL, 0);
        io.patchflow.change.ChangeRequest other = driver.submit(theirs, List.of(fixtures.exploitedPatch("8.0")),
                theirs.assets("app9"), false, null);

        DraftView draft = drafts.create(analyst, "Everything exploited is critical", List.of("change-risk.dmn"),
                List.of(), "BROWSER");
        String dmn = drafts.file(analyst, draft.id(), "change-risk.dmn", null).text();
        String lowered = dmn.replace("<inputEntry id=\"In_risk_level_1_0\"><text>&gt;= 90</text></inputEntry>",
                "<inputEntry id=\"In_risk_level_1_0\"><text>&gt;= 0</text></inputEntry>");
        assertThat(lowered).isNotEqualTo(dmn);
        drafts.save(analyst, draft.id(), "change-risk.dmn", lowered.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                1);

        // the reviewer sees the same preview, over their own customers
        for (Actor looking : List.of(analyst, second)) {
            mvc.perform(get("/modeling/drafts/" + draft.id()).with(as(looking)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("id=\"impact-rows\"")))
                .andExpect(content().string(Matchers.containsString(change.id().toString())))
                .andExpect(content().string(Matchers.containsString("CRITICAL")))
                .andExpect(content().string(Matchers.not(Matchers.containsString(other.id().toString() + " "))));
        }
        mvc.perform(get("/modeling/drafts/" + draft.id()).param("lastN", "0").with(as(analyst)))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("id=\"impact-error\"")));
    }

    @Test
    void othersReadOrAreRefusedWithTheReason() throws Exception {
        mvc.perform(get("/modeling").with(as(auditor)))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"start-draft\""))));
        mvc.perform(get("/modeling").with(as(requester))).andExpect(status().isForbidden());
        mvc.perform(post("/modeling/drafts").with(as(auditor))
            .with(csrf())
            .param("title", "x")
            .param("liveFiles", "review-change.form"))
            .andExpect(flash().attribute("error", Matchers.containsString("process-analyst")));
        mvc.perform(get("/modeling/drafts/999999").with(as(author))).andExpect(status().isNotFound());
        mvc.perform(get("/modeling/delegates.json").with(as(author)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.delegates[?(@.bean == 'assessRiskDelegate')]").exists());
        assertThat(drafts.drafts(author, java.util.EnumSet.allOf(DraftState.class), 10)).isNotNull();
        List<String> none = List.of();
        assertThat(none).isEmpty();
    }

    private static RequestPostProcessor as(Actor actor) {
        return user(actor.username()).roles(actor.roles().stream().map(Enum::name).toArray(String[]::new));
    }

}
