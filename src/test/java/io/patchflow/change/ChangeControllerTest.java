package io.patchflow.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.inventory.Inventory;
import io.patchflow.patch.PatchCatalog;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.shared.Page;

@WebMvcTest(ChangeController.class)
class ChangeControllerTest extends SecuredSliceTest {

    private static final Actor ALICE = Actor.of("alice", Set.of(Role.REQUESTER), Set.of("acme"));

    @MockitoBean
    ChangeService changes;

    @MockitoBean
    ChangeProcess process;

    @MockitoBean
    Customers customers;

    @MockitoBean
    Inventory inventory;

    @MockitoBean
    PatchCatalog patches;

    @BeforeEach
    void signIn() {
        signedIn(ALICE);
    }

    private static MockHttpServletRequestBuilder asAlice(MockHttpServletRequestBuilder request) {
        return request.with(as(ALICE));
    }

    private static ChangeRequest change(long id, ChangeStatus status) {
        OffsetDateTime created = OffsetDateTime.of(2026, 11, 20, 9, 0, 0, 0, ZoneOffset.UTC);
        return new ChangeRequest(new ChangeId(id), "acme", "Patch OpenSSL", null, "alice", false, ChangeType.NORMAL,
                RiskLevel.HIGH, false, status, null, null, null, null, null, "pi-" + id, created, created, null);
    }

    @Test
    void theNewChangeFormIsOfferedOnlyToRolesThatMaySubmit() throws Exception {
        given(customers.findAll(any())).willReturn(List.of(new Customer("acme", "Acme")));

        mvc.perform(asAlice(get("/changes/new")))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("id=\"new-change\"")))
            .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"submit-refused\""))));

        Actor bob = Actor.of("bob", Set.of(Role.APPROVER), Set.of("acme"));
        signedIn(bob);
        mvc.perform(get("/changes/new").with(as(bob)))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"new-change\""))))
            .andExpect(content().string(Matchers
                .containsString("You cannot submit changes: only requesters and change managers submit changes.")));
    }

    @Test
    void theChangeListIsRenderedForTheSignedInUser() throws Exception {
        Page<ChangeRequest> page = new Page<>(List.of(change(1, ChangeStatus.AWAITING_APPROVAL)), 0, 25, 1);
        ChangeQuery query = ChangeQuery.of(null, null, null, null, null, "AWAITING_APPROVAL", null, null, null, 0, 25);
        given(changes.list(ALICE, query)).willReturn(page);

        mvc.perform(asAlice(get("/changes").param("status", "AWAITING_APPROVAL")))
            .andExpect(status().isOk())
            .andExpect(view().name(ChangeController.LIST))
            .andExpect(model().attribute("changes", page))
            .andExpect(model().attribute("query", query))
            .andExpect(model().attribute("me", ALICE)) // from LayoutAdvice
            .andExpect(model().attribute("simulated", false))
            .andExpect(content().string(Matchers.containsString("CHG-1")))
            .andExpect(content().string(Matchers.containsString("id=\"signed-in-user\">alice<")))
            .andExpect(
                    content().string(Matchers.containsString("<a href=\"/changes\" aria-current=\"page\">Changes</a>")))
            .andExpect(content().string(Matchers.containsString("<label>Status")))
            .andExpect(content()
                .string(Matchers.containsString("<option value=\"AWAITING_APPROVAL\" selected=\"selected\">")));
    }

    @Test
    void everyFilterOfTheFormReachesTheServiceAndThePagerKeepsThem() throws Exception {
        ChangeQuery query = new ChangeQuery("openssl", "acme", "SD-7", "web-01", "CVE-2025-48384", ChangeStatus.CLOSED,
                ChangeOutcome.ROLLED_BACK, java.time.LocalDate.of(2026, 1, 1), java.time.LocalDate.of(2026, 1, 31), 1,
                25);
        given(changes.list(ALICE, query)).willReturn(new Page<>(List.of(change(1, ChangeStatus.CLOSED)), 1, 25, 60));

        mvc.perform(asAlice(get("/changes")).param("q", " openssl ")
            .param("customer", "acme")
            .param("ticket", "SD-7")
            .param("asset", "web-01")
            .param("cve", "cve-2025-48384")
            .param("status", "closed")
            .param("outcome", "ROLLED_BACK")
            .param("from", "2026-01-01")
            .param("to", "2026-01-31")
            .param("page", "1"))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("60 changes")))
            .andExpect(content().string(Matchers.containsString(
                    "href=\"/changes?q=openssl&amp;customer=acme&amp;ticket=SD-7&amp;asset=web-01&amp;cve=CVE-2025-48384"
                            + "&amp;status=CLOSED&amp;outcome=ROLLED_BACK&amp;from=2026-01-01&amp;to=2026-01-31&amp;page=2\"")));
    }

    @Test
    void aWrongFilterIsExplainedOnThePageWithWhatWasTypedAndNothingIsSearched() throws Exception {
        mvc.perform(asAlice(get("/changes")).param("from", "2026-02-30").param("asset", "web-01"))
            .andExpect(status().isOk())
            .andExpect(view().name(ChangeController.LIST))
            .andExpect(model().attribute("errorField", "from"))
            .andExpect(content()
                .string(Matchers.containsString("from is a date like 2026-01-31, not &#39;2026-02-30&#39;")))
            .andExpect(content().string(Matchers.containsString("value=\"web-01\"")))
            .andExpect(content().string(Matchers.containsString("Nothing searched: correct the filter above.")));

        verifyNoInteractions(changes);
    }

    @Test
    void aPageThatIsNotANumberIsExplainedNotA500() throws Exception {
        mvc.perform(asAlice(get("/changes")).param("page", "two"))
            .andExpect(status().isOk())
            .andExpect(model().attribute("errorField", "page"));

        verifyNoInteractions(changes);
    }

    @Test
    void anotherCustomerRefusedByTheServiceIsAnErrorOnThePage() throws Exception {
        given(changes.list(eq(ALICE), any()))
            .willThrow(new InvalidInputException("customer", "unknown customer globex"));

        mvc.perform(asAlice(get("/changes")).param("customer", "globex"))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("unknown customer globex")));
    }

    @Test
    void submittingAFormCreatesTheChangeAndRedirectsToIt() throws Exception {
        given(changes.submit(eq(ALICE), any())).willReturn(change(7, ChangeStatus.SUBMITTED));

        mvc.perform(asAlice(post("/changes")).with(csrf())
            .param("customerId", "acme")
            .param("title", "Patch OpenSSL")
            .param("patchIds", "1", "2")
            .param("assetIds", "10")
            .param("requestedStart", "2026-12-01T22:00")
            .param("ticketReference", " ")).andExpect(status().isFound()).andExpect(redirectedUrl("/changes/CHG-7"));

        ArgumentCaptor<SubmitChange> submitted = ArgumentCaptor.forClass(SubmitChange.class);
        verify(changes).submit(eq(ALICE), submitted.capture());
        assertThat(submitted.getValue()).isEqualTo(new SubmitChange("acme", "Patch OpenSSL", null, List.of(1L, 2L),
                List.of(10L), OffsetDateTime.of(2026, 12, 1, 22, 0, 0, 0, ZoneOffset.UTC), false, null));
    }

    @Test
    void invalidInputShowsTheFormAgainWithTheError() throws Exception {
        given(customers.findAll(ALICE.customerIds())).willReturn(List.of(new Customer("acme", "Acme Corp")));
        given(changes.submit(eq(ALICE), any()))
            .willThrow(new InvalidInputException("patchIds", "at least one patch is required"));

        mvc.perform(asAlice(post("/changes")).with(csrf())
            .param("customerId", "acme")
            .param("title", "Patch OpenSSL")
            .param("assetIds", "10"))
            .andExpect(status().isOk())
            .andExpect(view().name(ChangeController.NEW))
            .andExpect(model().attribute("error", "at least one patch is required"))
            .andExpect(model().attribute("errorField", "patchIds"))
            .andExpect(model().attribute("customer", "acme"))
            .andExpect(model().attribute("form",
                    new ChangeController.Form("Patch OpenSSL", null, null, List.of(10L), null, false, null)))
            // announced, in the one layout's flash area
            .andExpect(content()
                .string(Matchers.containsString("role=\"alert\" id=\"page-error\">at least one patch is required</p>")))
            // the shared customer filter, with the form's customer chosen
            .andExpect(content()
                .string(Matchers.containsString("<select name=\"customer\" id=\"customer-select\" data-autosubmit>")))
            .andExpect(content()
                .string(Matchers.containsString("<option value=\"acme\" selected=\"selected\">Acme Corp</option>")))
            .andExpect(content().string(Matchers.containsString("href=\"/changes/new\" aria-current=\"page\"")));
    }

    @Test
    void aBadStartTimeIsShownOnTheForm() throws Exception {
        mvc.perform(asAlice(post("/changes")).with(csrf())
            .param("customerId", "acme")
            .param("title", "t")
            .param("requestedStart", "tomorrow"))
            .andExpect(status().isOk())
            .andExpect(view().name(ChangeController.NEW))
            .andExpect(model().attribute("errorField", "requestedStart"));

        verify(changes, never()).submit(any(), any());
    }

    @Test
    void submittingWithoutACsrfTokenIsForbidden() throws Exception {
        mvc.perform(asAlice(post("/changes")).param("customerId", "acme")
            .param("title", "Patch OpenSSL")
            .param("patchIds", "1")
            .param("assetIds", "10")).andExpect(status().isForbidden());

        verifyNoInteractions(changes);
    }

    @Test
    void submittingWithAForgedCsrfTokenIsForbidden() throws Exception {
        mvc.perform(asAlice(post("/changes")).with(csrf().useInvalidToken())
            .param("customerId", "acme")
            .param("title", "Patch OpenSSL")).andExpect(status().isForbidden());

        verifyNoInteractions(changes);
    }

    @Test
    void aRefusedCancellationIsFlashedOnTheChangePage() throws Exception {
        willThrow(new ConflictException("cancellation refused: deployment of CHG-5 has started (DEPLOYING)"))
            .given(changes)
            .cancel(ALICE, new ChangeId(5), "too late");

        mvc.perform(asAlice(post("/changes/CHG-5/cancel")).with(csrf()).param("reason", "too late"))
            .andExpect(status().isFound())
            .andExpect(redirectedUrl("/changes/CHG-5"))
            .andExpect(flash().attribute("error", "cancellation refused: deployment of CHG-5 has started (DEPLOYING)"));
    }

    @Test
    void aCancellationIsConfirmed() throws Exception {
        mvc.perform(asAlice(post("/changes/CHG-5/cancel")).with(csrf()).param("reason", "not needed"))
            .andExpect(status().isFound())
            .andExpect(redirectedUrl("/changes/CHG-5"))
            .andExpect(flash().attribute("notice", "The change was cancelled."));

        verify(changes).cancel(ALICE, new ChangeId(5), "not needed");
    }

    @Test
    void theDiagramOfAnInvisibleChangeIsNotFound() throws Exception {
        given(changes.get(ALICE, new ChangeId(3))).willThrow(new NotFoundException("no change CHG-3"));

        mvc.perform(asAlice(get("/changes/CHG-3/diagram"))).andExpect(status().isNotFound());

        verifyNoInteractions(process);
    }

    @Test
    void signedOutVisitorsAreSentToTheLoginPage() throws Exception {
        mvc.perform(get("/changes")).andExpect(status().isFound()).andExpect(redirectedUrl("http://localhost/login"));

        verifyNoInteractions(changes);
    }

}
