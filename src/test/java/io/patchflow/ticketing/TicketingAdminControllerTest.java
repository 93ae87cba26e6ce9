package io.patchflow.ticketing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.InvalidInputException;

@WebMvcTest(TicketingAdminController.class)
class TicketingAdminControllerTest extends SecuredSliceTest {

    private static final Actor ADMIN = Actor.of("admin", Set.of(Role.ADMIN), Set.of("acme"));

    private static final Actor DAVE = Actor.of("dave", Set.of(Role.CHANGE_MANAGER), Set.of("acme"));

    @MockitoBean
    TicketingAdministration administration;

    @MockitoBean
    Customers customers;

    @Test
    void theAdminSeesEachConnectionWithoutItsSecretsAndTheFieldsEscaped() throws Exception {
        signedIn(ADMIN);
        given(customers.findAll(any())).willReturn(List.of(new Customer("acme", "Acme")));
        given(administration.systems()).willReturn(List.of("jira", "redmine"));
        given(administration.list(ADMIN)).willReturn(List.of(new ConnectionView("acme", "jira",
                "https://acme.example.test/<x>", "svc<b>@acme", Map.of("project", "OPS"), true, false, true, "admin",
                OffsetDateTime.of(2026, 12, 7, 10, 0, 0, 0, ZoneOffset.UTC))));

        mvc.perform(get("/admin/ticketing").param("customer", "acme").param("system", "jira").with(as(ADMIN)))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("svc&lt;b&gt;@acme")))
            .andExpect(content().string(Matchers.containsString("saved: leave empty to keep it")))
            .andExpect(content().string(Matchers.containsString("project=OPS")))
            .andExpect(content().string(Matchers.not(Matchers.containsString("svc<b>"))));
    }

    @Test
    void theFormSavesSettingsLineByLineAndAnEmptySecretKeepsTheSavedOne() throws Exception {
        signedIn(ADMIN);

        mvc.perform(post("/admin/ticketing").with(as(ADMIN))
            .with(csrf())
            .param("customer", "acme")
            .param("system", "jira")
            .param("baseUrl", "https://acme.atlassian.net")
            .param("username", "svc@acme.test")
            .param("secret", "")
            .param("settings", "project = OPS\r\n# a comment\n\nstages.CLOSED=In Progress,Done\n")
            .param("active", "true"))
            .andExpect(status().is3xxRedirection())
            .andExpect(flash().attribute("notice", Matchers.containsString("not shown again")));

        verify(administration).save(ADMIN, "acme", "jira", new ConnectionSpec("https://acme.atlassian.net",
                "svc@acme.test", "", Map.of("project", "OPS", "stages.CLOSED", "In Progress,Done"), null, true));
    }

    @Test
    void aRefusalIsShownWithItsReason() throws Exception {
        signedIn(ADMIN);
        given(administration.save(eq(ADMIN), eq("acme"), eq("jira"), any()))
            .willThrow(new InvalidInputException("baseUrl", "the address starts with https:// (or http://)"));

        mvc.perform(post("/admin/ticketing").with(as(ADMIN))
            .with(csrf())
            .param("customer", "acme")
            .param("system", "jira")
            .param("baseUrl", "ftp://x"))
            .andExpect(status().is3xxRedirection())
            .andExpect(flash().attribute("error", "Not saved: the address starts with https:// (or http://)"))
            .andExpect(flash().attribute("form",
                    new TicketingAdminController.Form("acme", "jira", "ftp://x", null, null, false)));
        mvc.perform(post("/admin/ticketing").with(as(ADMIN))
            .with(csrf())
            .param("customer", "acme")
            .param("system", "jira")
            .param("settings", "no equals sign"))
            .andExpect(flash().attribute("error", "Not saved: line 1 of the settings is not name=value"));
    }

    @Test
    void otherRolesAndRequestsWithoutTheCsrfTokenAreRefused() throws Exception {
        signedIn(DAVE);
        mvc.perform(get("/admin/ticketing").with(as(DAVE))).andExpect(status().isForbidden());
        mvc.perform(
                post("/admin/ticketing").with(as(DAVE)).with(csrf()).param("customer", "acme").param("system", "jira"))
            .andExpect(status().isForbidden());

        signedIn(ADMIN);
        mvc.perform(post("/admin/ticketing").with(as(ADMIN)).param("customer", "acme").param("system", "jira"))
            .andExpect(status().isForbidden());
        verify(administration, never()).save(any(), any(), any(), any());
    }

}
