package io.patchflow.policy;

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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.patchflow.audit.AuditTrail;
import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.inventory.Criticality;
import io.patchflow.patch.PatchType;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;

@WebMvcTest(PolicyController.class)
@Import(Policies.class)
class PolicyControllerTest extends SecuredSliceTest {

    private static final Actor DAVE = Actor.of("dave", Set.of(Role.CHANGE_MANAGER), Set.of("acme"));

    private static final Actor GRACE = Actor.of("grace", Set.of(Role.AUDITOR), Set.of("acme"));

    @MockitoBean
    PolicyRepository repository;

    @MockitoBean
    Customers customers;

    @MockitoBean
    AuditTrail audit;

    @BeforeEach
    void world() {
        Customer acme = new Customer("acme", "Acme Manufacturing");
        given(customers.find("acme")).willReturn(Optional.of(acme));
        given(customers.findAll(any())).willReturn(List.of(acme));
        CustomerPolicy defaults = CustomerPolicy.defaults("acme");
        given(repository.policy("acme")).willReturn(new CustomerPolicy("acme", defaults.sla(), defaults.rings(),
                defaults.gateThreshold(), false, true, 20,
                List.of(new StandardTemplate(3, "acme", "Workstation <updates>",
                        EnumSet.of(PatchType.SECURITY, PatchType.MAINTENANCE), Criticality.LOW, false, "workstation")),
                false));
    }

    @Test
    void aChangeManagerSeesThePolicyAndMayChangeIt() throws Exception {
        signedIn(DAVE);

        mvc.perform(get("/policy").with(as(DAVE)))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("value=\"PT48H\"")))
            .andExpect(content().string(Matchers.containsString("MAINTENANCE, SECURITY")))
            // a template's name is text, not markup
            .andExpect(content().string(Matchers.containsString("Workstation &lt;updates&gt;")))
            .andExpect(content().string(Matchers.containsString("id=\"save-policy\"")))
            .andExpect(content().string(Matchers.containsString("id=\"policy-defaults\"")));
    }

    @Test
    void anAuditorSeesItWithoutButtons() throws Exception {
        signedIn(GRACE);

        mvc.perform(get("/policy").with(as(GRACE)))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("value=\"P90D\"")))
            .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"save-policy\""))))
            .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"template-form\""))));
    }

    @Test
    void aBadValueIsRefusedWithTheReason() throws Exception {
        signedIn(DAVE);

        mvc.perform(post("/policy").with(as(DAVE))
            .with(csrf())
            .param("customer", "acme")
            .param("slaKnownExploited", "PT48H")
            .param("slaCritical", "P7D")
            .param("slaHigh", "P14D")
            .param("slaMedium", "P30D")
            .param("slaLow", "P90D")
            .param("pilotSharePercent", "ten")
            .param("bakeTime", "PT24H")
            .param("gateThreshold", "0.9"))
            .andExpect(redirectedUrl("/policy?customer=acme"))
            .andExpect(flash().attribute("error", "Policy not saved: pilotSharePercent 'ten' is not a whole number"));
        verify(repository, never()).save(any(), any());
    }

    @Test
    void anAuditorsPostIsRefusedByTheServer() throws Exception {
        signedIn(GRACE);

        mvc.perform(post("/policy").with(as(GRACE))
            .with(csrf())
            .param("customer", "acme")
            .param("slaKnownExploited", "PT48H")
            .param("slaCritical", "P7D")
            .param("slaHigh", "P14D")
            .param("slaMedium", "P30D")
            .param("slaLow", "P90D")
            .param("pilotSharePercent", "10")
            .param("bakeTime", "PT24H")
            .param("gateThreshold", "0.9"))
            .andExpect(flash().attribute("error",
                    "Policy not saved: only change managers and administrators change a customer's policy"));
        verify(repository, never()).save(any(), any());
    }

    @Test
    void aValidPolicyIsSavedAndATemplateAdded() throws Exception {
        signedIn(DAVE);
        given(repository.createTemplate(any(), eq("dave"))).willReturn(9L);
        given(repository.template(9L)).willReturn(Optional.of(new StandardTemplate(9, "acme", "Lab",
                EnumSet.of(PatchType.APPLICATION), Criticality.LOW, false, null)));

        mvc.perform(post("/policy").with(as(DAVE))
            .with(csrf())
            .param("customer", "acme")
            .param("slaKnownExploited", "PT24H")
            .param("slaCritical", "P7D")
            .param("slaHigh", "P14D")
            .param("slaMedium", "P30D")
            .param("slaLow", "P90D")
            .param("pilotSharePercent", "10")
            .param("bakeTime", "PT24H")
            .param("gateThreshold", "0.95")
            .param("backupAllChanges", "true")
            .param("bulkApprovalLimit", "0")).andExpect(flash().attribute("notice", "Policy saved."));
        verify(repository).save(org.mockito.ArgumentMatchers.argThat(p -> p.backupAllChanges() && !p.proposalsEnabled()
                && p.sla().knownExploited().toHours() == 24 && p.bulkApprovalLimit() == 0), eq("dave"));

        mvc.perform(post("/policy/templates").with(as(DAVE))
            .with(csrf())
            .param("customer", "acme")
            .param("name", "Lab")
            .param("patchTypes", "APPLICATION")
            .param("maxCriticality", "LOW")).andExpect(flash().attribute("notice", "Template 'Lab' added."));
    }

    @Test
    void withoutTheCsrfTokenNothingIsSaved() throws Exception {
        signedIn(DAVE);

        mvc.perform(post("/policy").with(as(DAVE)).param("customer", "acme")).andExpect(status().isForbidden());
        verify(repository, never()).save(any(), any());
    }

}
