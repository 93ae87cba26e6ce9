package io.patchflow.ticketing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.UnavailableException;

@WebMvcTest(TicketingAdminApiController.class)
class TicketingAdminApiControllerTest extends SecuredSliceTest {

    private static final Actor ADMIN = Actor.of("admin", Set.of(Role.ADMIN), Set.of("acme"));

    private static final Actor ERIN = Actor.of("erin", Set.of(Role.SERVICE_DESK), Set.of("acme"));

    @MockitoBean
    TicketingAdministration administration;

    @Test
    void anAdminSavesAConnectionAndTheAnswerSaysOnlyThatTheSecretIsSaved() throws Exception {
        knownUser(ADMIN, "pw-admin-1");
        signedIn(ADMIN);
        ConnectionSpec spec = new ConnectionSpec("https://acme.atlassian.net", "svc@acme.test", "tok-123",
                Map.of("project", "OPS"), null, true);
        given(administration.save(ADMIN, "acme", "jira", spec)).willReturn(new ConnectionView("acme", "jira",
                "https://acme.atlassian.net", "svc@acme.test", Map.of("project", "OPS"), true, false, true, "admin",
                OffsetDateTime.of(2026, 12, 7, 10, 0, 0, 0, ZoneOffset.UTC)));

        mvc.perform(put("/api/admin/ticketing/acme/jira").with(httpBasic("admin", "pw-admin-1"))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"baseUrl\":\"https://acme.atlassian.net\",\"username\":\"svc@acme.test\","
                    + "\"secret\":\"tok-123\",\"settings\":{\"project\":\"OPS\"},\"active\":true}"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.secretSaved").value(true))
            .andExpect(jsonPath("$.active").value(true))
            .andExpect(content().string(Matchers.not(Matchers.containsString("tok-123"))));
    }

    @Test
    void aSystemThatDoesNotAnswerTheTryIsA503WithItsAnswer() throws Exception {
        knownUser(ADMIN, "pw-admin-1");
        signedIn(ADMIN);
        given(administration.tryConnection(eq(ADMIN), eq("acme"), eq("jira"), eq("OPS-1")))
            .willThrow(new UnavailableException("jira refused the saved credentials (401)", null));

        mvc.perform(post("/api/admin/ticketing/acme/jira/test").with(httpBasic("admin", "pw-admin-1"))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"reference\":\"OPS-1\"}"))
            .andExpect(status().isServiceUnavailable())
            .andExpect(jsonPath("$.detail").value("jira refused the saved credentials (401)"));
    }

    @Test
    void onlyAdminsReachTheApi() throws Exception {
        knownUser(ERIN, "pw-erin-1");
        signedIn(ERIN);

        mvc.perform(put("/api/admin/ticketing/acme/jira").with(httpBasic("erin", "pw-erin-1"))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"baseUrl\":\"https://x.test\",\"secret\":\"s\"}")).andExpect(status().isForbidden());
        verify(administration, never()).save(any(), any(), any(), any());
    }

}
