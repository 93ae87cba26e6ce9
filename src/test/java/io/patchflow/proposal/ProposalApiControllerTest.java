package io.patchflow.proposal;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeStatus;
import io.patchflow.change.ChangeType;
import io.patchflow.change.RiskLevel;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.shared.Page;

@WebMvcTest(ProposalApiController.class)
class ProposalApiControllerTest extends SecuredSliceTest {

    private static final String PASSWORD = "s3cret-pass";

    private static final Actor ALICE = Actor.of("alice", Set.of(Role.REQUESTER), Set.of("acme"));

    private static final Actor BOB = Actor.of("bob", Set.of(Role.APPROVER), Set.of("acme"));

    private static final Actor ADMIN = Actor.of("admin", Set.of(Role.ADMIN), Set.of("acme"));

    @MockitoBean
    ProposalService proposals;

    @MockitoBean
    ProposalProcess process;

    @BeforeEach
    void users() {
        knownUser(ALICE, PASSWORD);
        knownUser(BOB, PASSWORD);
        knownUser(ADMIN, PASSWORD);
    }

    static Proposal proposal(long id, ProposalStatus status) {
        Instant detected = Instant.parse("2026-11-30T08:00:00Z");
        return new Proposal(id, "acme", 0, 3L, "Patch Tuesday + 4", "apache2 2.4.62-1~deb12u1 — ring 0, 1 asset(s)",
                status, detected, 150, "CRITICAL", "EMERGENCY", null, "KNOWN_EXPLOITED",
                Instant.parse("2025-05-23T00:00:00Z"),
                "CISA KEV due date 2025-05-22, sooner than the policy's 48 hours for known-exploited patches",
                "Risk score 150 (Known exploited in the wild (CISA KEV) +40; ...)", null, null, null, null, detected, 1,
                1, false);
    }

    @Test
    void theOpenProposalsOfMyCustomersAreListedSoonestDeadlineFirst() throws Exception {
        signedIn(ALICE);
        given(proposals.list(any(), eq(ProposalStatus.OPEN), eq(0), eq(50)))
            .willReturn(new Page<>(List.of(proposal(7, ProposalStatus.OPEN)), 0, 50, 1));

        mvc.perform(get("/api/proposals").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.items[0].id").value(7))
            .andExpect(jsonPath("$.items[0].changeType").value("EMERGENCY"))
            .andExpect(jsonPath("$.items[0].slaBasis")
                .value(org.hamcrest.Matchers.startsWith("CISA KEV due date 2025-05-22")))
            .andExpect(jsonPath("$.total").value(1));
    }

    @Test
    void anUnknownStatusIsABadRequestNamingTheChoices() throws Exception {
        signedIn(ALICE);

        mvc.perform(get("/api/proposals?status=maybe").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("status"))
            .andExpect(jsonPath("$.detail").value("status is one of OPEN, ACCEPTED, STARTED, DISMISSED, OBSOLETE"));
        verifyNoInteractions(proposals);
    }

    @Test
    void acceptingSubmitsTheChange() throws Exception {
        signedIn(ALICE);
        OffsetDateTime now = OffsetDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZoneOffset.UTC);
        given(proposals.accept(any(), eq(7L))).willReturn(new ChangeRequest(new ChangeId(12), "acme", "apache2", null,
                "alice", false, ChangeType.EMERGENCY, RiskLevel.CRITICAL, false, ChangeStatus.SUBMITTED, null, null,
                null, null, null, "pi-12", now, now, null));

        mvc.perform(post("/api/proposals/7/accept").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isCreated())
            .andExpect(jsonPath("$.id").value("CHG-12"));
    }

    @Test
    void anApproverMayNotAccept() throws Exception {
        signedIn(BOB);
        given(proposals.accept(any(), eq(7L)))
            .willThrow(new ForbiddenException("only requesters and change managers accept proposals"));

        mvc.perform(post("/api/proposals/7/accept").with(httpBasic("bob", PASSWORD)))
            .andExpect(status().isForbidden())
            .andExpect(jsonPath("$.detail").value("only requesters and change managers accept proposals"));
    }

    @Test
    void anAlreadyDecidedProposalIsAConflictAndAnInvisibleOneIsNotFound() throws Exception {
        signedIn(ALICE);
        given(proposals.accept(any(), eq(7L)))
            .willThrow(new ConflictException("proposal 7 is already ACCEPTED (change 12)"));
        given(proposals.details(any(), eq(8L))).willThrow(new NotFoundException("no proposal 8"));

        mvc.perform(post("/api/proposals/7/accept").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isConflict());
        mvc.perform(get("/api/proposals/8").with(httpBasic("alice", PASSWORD))).andExpect(status().isNotFound());
    }

    @Test
    void dismissingPassesTheReasonAndAMissingOneIsNamed() throws Exception {
        signedIn(ALICE);
        given(proposals.dismiss(any(), eq(7L), eq("host is retired next week")))
            .willReturn(proposal(7, ProposalStatus.DISMISSED));
        given(proposals.dismiss(any(), eq(7L), eq(null)))
            .willThrow(new InvalidInputException("reason", "say why the proposal is dismissed"));

        mvc.perform(post("/api/proposals/7/dismiss").with(httpBasic("alice", PASSWORD))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"reason\":\"host is retired next week\"}"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.status").value("DISMISSED"));
        mvc.perform(post("/api/proposals/7/dismiss").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("reason"));
    }

    @Test
    void onlyAnAdministratorStartsARunNow() throws Exception {
        signedIn(ALICE);
        mvc.perform(post("/api/admin/proposals/run").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isForbidden());
        verifyNoInteractions(process);

        signedIn(ADMIN);
        given(process.runNow()).willReturn("pi-42");
        mvc.perform(post("/api/admin/proposals/run").with(httpBasic("admin", PASSWORD)))
            .andExpect(status().isAccepted())
            .andExpect(jsonPath("$.processInstanceId").value("pi-42"));
        verify(process).runNow();
    }

    @Test
    void withoutCredentialsNothingIsShown() throws Exception {
        mvc.perform(get("/api/proposals")).andExpect(status().isUnauthorized());
        verifyNoInteractions(proposals);
    }

}
