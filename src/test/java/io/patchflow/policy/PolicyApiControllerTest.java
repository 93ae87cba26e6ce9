package io.patchflow.policy;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.patchflow.audit.AuditTrail;
import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.inventory.Criticality;
import io.patchflow.patch.PatchType;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;

/**
 * The real {@link Policies} service behind the controller, so the checks and the roles
 * are the ones in production.
 */
@WebMvcTest(PolicyApiController.class)
@Import(Policies.class)
class PolicyApiControllerTest extends SecuredSliceTest {

    private static final String PASSWORD = "s3cret-pass";

    private static final Actor DAVE = Actor.of("dave", Set.of(Role.CHANGE_MANAGER), Set.of("acme"));

    private static final Actor ALICE = Actor.of("alice", Set.of(Role.REQUESTER), Set.of("acme"));

    private static final Actor GINA = Actor.of("gina", Set.of(Role.CHANGE_MANAGER), Set.of("globex"));

    @MockitoBean
    PolicyRepository repository;

    @MockitoBean
    Customers customers;

    @MockitoBean
    AuditTrail audit;

    @BeforeEach
    void world() {
        knownUser(DAVE, PASSWORD);
        knownUser(ALICE, PASSWORD);
        knownUser(GINA, PASSWORD);
        given(customers.find("acme")).willReturn(Optional.of(new Customer("acme", "Acme Manufacturing")));
        given(repository.policy("acme")).willReturn(CustomerPolicy.defaults("acme"));
    }

    @Test
    void anyoneOfTheCustomerReadsThePolicyAndSeesItIsTheDefaults() throws Exception {
        signedIn(ALICE);

        mvc.perform(get("/api/customers/acme/policy").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.defaults").value(true))
            .andExpect(jsonPath("$.policy.slaKnownExploited").value("PT48H"))
            .andExpect(jsonPath("$.policy.slaCritical").value("P7D"))
            .andExpect(jsonPath("$.policy.gateThreshold").value(0.9));
    }

    @Test
    void anotherCustomersPolicyIsNotFound() throws Exception {
        signedIn(GINA);

        mvc.perform(get("/api/customers/acme/policy").with(httpBasic("gina", PASSWORD)))
            .andExpect(status().isNotFound());
        mvc.perform(put("/api/customers/acme/policy").with(httpBasic("gina", PASSWORD))
            .contentType(MediaType.APPLICATION_JSON)
            .content(Policies.example())).andExpect(status().isNotFound());
        verify(repository, never()).save(any(), any());
    }

    @Test
    void aChangeManagerSetsThePolicyAndItIsAudited() throws Exception {
        signedIn(DAVE);

        mvc.perform(put("/api/customers/acme/policy").with(httpBasic("dave", PASSWORD))
            .contentType(MediaType.APPLICATION_JSON)
            .content(Policies.example().replace("\"P7D\"", "\"P3D\""))).andExpect(status().isOk());

        verify(repository).save(org.mockito.ArgumentMatchers.argThat(p -> p.sla().critical().toDays() == 3),
                eq("dave"));
        verify(audit).record(eq("acme"), eq(null), eq("dave"), eq("POLICY_CHANGED"),
                org.mockito.ArgumentMatchers.contains("critical P7D, high P14D"));
    }

    @Test
    void aRequesterMayNotChangeIt() throws Exception {
        signedIn(ALICE);

        mvc.perform(put("/api/customers/acme/policy").with(httpBasic("alice", PASSWORD))
            .contentType(MediaType.APPLICATION_JSON)
            .content(Policies.example()))
            .andExpect(status().isForbidden())
            .andExpect(
                    jsonPath("$.detail").value("only change managers and administrators change a customer's policy"));
        verify(repository, never()).save(any(), any());
    }

    @Test
    void aBadFieldIsNamedAndNothingIsSaved() throws Exception {
        signedIn(DAVE);

        mvc.perform(put("/api/customers/acme/policy").with(httpBasic("dave", PASSWORD))
            .contentType(MediaType.APPLICATION_JSON)
            .content(Policies.example().replace("\"P14D\"", "\"two weeks\"")))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("slaHigh"))
            .andExpect(jsonPath("$.detail")
                .value("slaHigh 'two weeks' is not an ISO 8601 duration such as PT48H or P14D"));
        mvc.perform(put("/api/customers/acme/policy").with(httpBasic("dave", PASSWORD))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"slaCritical\":\"P7D\",\"color\":\"red\"}")).andExpect(status().isBadRequest());
        verify(repository, never()).save(any(), any());
    }

    @Test
    void templatesAreAddedCheckedAndRemoved() throws Exception {
        signedIn(DAVE);
        StandardTemplate stored = new StandardTemplate(4, "acme", "Workstations", EnumSet.of(PatchType.SECURITY),
                Criticality.MEDIUM, true, "workstation");
        given(repository.templates("acme")).willReturn(List.of());
        given(repository.createTemplate(any(), eq("dave"))).willReturn(4L);
        given(repository.template(4L)).willReturn(Optional.of(stored));

        mvc.perform(post("/api/customers/acme/policy/templates").with(httpBasic("dave", PASSWORD))
            .contentType(MediaType.APPLICATION_JSON)
            .content(
                    "{\"name\":\"Workstations\",\"patchTypes\":[\"SECURITY\"],\"maxCriticality\":\"MEDIUM\",\"rebootAllowed\":true,"
                            + "\"assetTag\":\"workstation\"}"))
            .andExpect(status().isCreated())
            .andExpect(jsonPath("$.id").value(4))
            .andExpect(jsonPath("$.patchTypes[0]").value("SECURITY"));

        given(repository.templates("acme")).willReturn(List.of(stored));
        mvc.perform(post("/api/customers/acme/policy/templates").with(httpBasic("dave", PASSWORD))
            .contentType(MediaType.APPLICATION_JSON)
            .content(
                    "{\"name\":\"workstations\",\"patchTypes\":[\"SECURITY\"],\"maxCriticality\":\"MEDIUM\",\"rebootAllowed\":true}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value("customer acme already has a template named 'workstations'"));

        mvc.perform(delete("/api/customers/acme/policy/templates/4").with(httpBasic("dave", PASSWORD)))
            .andExpect(status().isNoContent());
        verify(repository).deleteTemplate(4L);
        mvc.perform(delete("/api/customers/acme/policy/templates/5").with(httpBasic("dave", PASSWORD)))
            .andExpect(status().isNotFound());
    }

}
