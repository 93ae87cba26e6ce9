package io.patchflow.proposal;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeStatus;
import io.patchflow.change.ChangeType;
import io.patchflow.change.RiskLevel;
import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.Page;

@WebMvcTest(ProposalController.class)
class ProposalControllerTest extends SecuredSliceTest {

    private static final Actor ALICE = Actor.of("alice", Set.of(Role.REQUESTER), Set.of("acme"));

    private static final Actor GRACE = Actor.of("grace", Set.of(Role.AUDITOR), Set.of("acme"));

    @MockitoBean
    ProposalService proposals;

    @MockitoBean
    Customers customers;

    private void listed(Actor actor) {
        signedIn(actor);
        given(customers.findAll(actor.customerIds())).willReturn(List.of(new Customer("acme", "Acme Manufacturing")));
        given(proposals.list(any(), eq(ProposalStatus.OPEN), eq(0), eq(50)))
            .willReturn(new Page<>(List.of(ProposalApiControllerTest.proposal(7, ProposalStatus.OPEN)), 0, 50, 1));
    }

    @Test
    void aRequesterSeesTheProposalWithItsDeadlineAndWhy() throws Exception {
        listed(ALICE);

        mvc.perform(get("/proposals").with(as(ALICE)))
            .andExpect(status().isOk())
            .andExpect(view().name(ProposalController.VIEW))
            .andExpect(content().string(Matchers.containsString("Acme Manufacturing")))
            .andExpect(content().string(Matchers.containsString("2025-05-23 00:00 UTC")))
            .andExpect(content().string(Matchers.containsString("overdue")))
            .andExpect(content().string(Matchers.containsString("CISA KEV due date 2025-05-22")))
            .andExpect(content().string(Matchers.containsString("/proposals/7/accept")));
    }

    @Test
    void anAuditorSeesProposalsButNoButtons() throws Exception {
        listed(GRACE);

        mvc.perform(get("/proposals").with(as(GRACE)))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("EMERGENCY")))
            .andExpect(content().string(Matchers.not(Matchers.containsString("/proposals/7/accept"))));
    }

    @Test
    void acceptingOpensTheNewChange() throws Exception {
        signedIn(ALICE);
        OffsetDateTime now = OffsetDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZoneOffset.UTC);
        given(proposals.accept(any(), eq(7L))).willReturn(new ChangeRequest(new ChangeId(12), "acme", "apache2", null,
                "alice", false, ChangeType.EMERGENCY, RiskLevel.CRITICAL, false, ChangeStatus.SUBMITTED, null, null,
                null, null, null, "pi-12", now, now, null));

        mvc.perform(post("/proposals/7/accept").with(as(ALICE)).with(csrf()))
            .andExpect(redirectedUrl("/changes/CHG-12"))
            .andExpect(flash().attribute("notice", "Proposal 7 accepted: CHG-12 submitted."));
    }

    @Test
    void aRefusalIsShownOnTheList() throws Exception {
        signedIn(GRACE);
        given(proposals.dismiss(any(), eq(7L), eq("no")))
            .willThrow(new ForbiddenException("only requesters and change managers dismiss proposals"));

        mvc.perform(post("/proposals/7/dismiss").param("reason", "no").with(as(GRACE)).with(csrf()))
            .andExpect(redirectedUrl("/proposals"))
            .andExpect(flash().attribute("error",
                    "Proposal 7 not dismissed: only requesters and change managers dismiss proposals"));
    }

    @Test
    void withoutTheCsrfTokenNothingIsAccepted() throws Exception {
        signedIn(ALICE);

        mvc.perform(post("/proposals/7/accept").with(as(ALICE))).andExpect(status().isForbidden());
        verifyNoInteractions(proposals);
    }

}
