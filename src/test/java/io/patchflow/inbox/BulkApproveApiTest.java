package io.patchflow.inbox;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.patchflow.approval.ApprovalStep;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeService;
import io.patchflow.change.ChangeStatus;
import io.patchflow.change.ChangeType;
import io.patchflow.change.RiskLevel;
import io.patchflow.customer.Customers;
import io.patchflow.policy.CustomerPolicy;
import io.patchflow.policy.Policies;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;

/**
 * Bulk approval over the API and the inbox page, with the real {@link BulkApprovals}
 * rules (role, limit, eligibility, per-item outcomes) and the engine, changes and
 * policies mocked. The engine's own checks are BulkApprovalTest's subject.
 */
@WebMvcTest({ TaskApiController.class, InboxController.class })
@Import(BulkApprovals.class)
class BulkApproveApiTest extends SecuredSliceTest {

    private static final Actor BOB = Actor.of("bob", Set.of(Role.APPROVER), Set.of("acme"));

    private static final Actor REQ = Actor.of("rita", Set.of(Role.REQUESTER), Set.of("acme"));

    private static final OffsetDateTime CREATED = OffsetDateTime.of(2026, 11, 20, 9, 0, 0, 0, ZoneOffset.UTC);

    private static final Map<String, Object> APPROVE = Map.of("reviewDecision", "approve");

    @MockitoBean
    InboxService inbox;

    @MockitoBean
    TaskInbox tasks;

    @MockitoBean
    ChangeService changes;

    @MockitoBean
    Policies policies;

    @MockitoBean
    Customers customers;

    @MockitoBean
    Absences absences;

    @BeforeEach
    void bobSeesTwoReviewsOfALowRiskAndAHighRiskChange() {
        signedIn(BOB);
        given(tasks.task(eq(BOB), anyString())).willReturn(Optional.empty());
        given(tasks.task(BOB, "t-low")).willReturn(Optional.of(task("t-low", 4)));
        given(tasks.task(BOB, "t-high")).willReturn(Optional.of(task("t-high", 5)));
        given(changes.get(BOB, new ChangeId(4))).willReturn(change(4, RiskLevel.LOW));
        given(changes.get(BOB, new ChangeId(5))).willReturn(change(5, RiskLevel.HIGH));
        given(tasks.approvingAnswers(anyString())).willReturn(Optional.of(APPROVE));
        given(policies.policies(any())).willReturn(Map.of("acme", CustomerPolicy.defaults("acme")));
    }

    private static InboxTask task(String id, long change) {
        return new InboxTask(id, "Review change", "Task_ReviewTechnically", new ChangeId(change), "acme", CREATED,
                CREATED.plusDays(1), null, List.of("approver"), true, ApprovalStep.TECHNICAL_REVIEW, 1, null, null);
    }

    private static ChangeRequest change(long id, RiskLevel risk) {
        return new ChangeRequest(new ChangeId(id), "acme", "Patch " + id, null, "alice", false, ChangeType.NORMAL, risk,
                false, ChangeStatus.AWAITING_APPROVAL, null, null, null, null, null, "pi-" + id, CREATED, CREATED,
                null);
    }

    @Test
    void eachTaskGetsItsOwnOutcomeAndOnlyTheEligibleOneIsCompleted() throws Exception {
        mvc.perform(post("/api/tasks/bulk-approve").with(as(BOB))
            .contentType("application/json")
            .content("{\"taskIds\":[\"t-low\",\"t-high\",\"t-other-customer\",\"t-low\"]}"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.approved").value(1))
            .andExpect(jsonPath("$.refused").value(2))
            .andExpect(jsonPath("$.results.length()").value(3))
            .andExpect(jsonPath("$.results[0].taskId").value("t-low"))
            .andExpect(jsonPath("$.results[0].outcome").value("APPROVED"))
            .andExpect(jsonPath("$.results[0].changeId").value("CHG-4"))
            .andExpect(jsonPath("$.results[1].outcome").value("NOT_ELIGIBLE"))
            .andExpect(jsonPath("$.results[1].reason", Matchers.containsString("standard or low-risk")))
            .andExpect(jsonPath("$.results[2].outcome").value("NOT_FOUND"))
            .andExpect(jsonPath("$.results[2].changeId").doesNotExist());
        verify(inbox, times(1)).complete(BOB, "t-low", APPROVE);
        verify(inbox, never()).complete(any(), eq("t-high"), any());
    }

    @Test
    void someoneWhoIsNotAnApproverIsRefusedTheWholeRequest() throws Exception {
        signedIn(REQ);

        mvc.perform(post("/api/tasks/bulk-approve").with(as(REQ))
            .contentType("application/json")
            .content("{\"taskIds\":[\"t-low\"]}"))
            .andExpect(status().isForbidden())
            .andExpect(jsonPath("$.detail").value("only approvers approve tasks in bulk"));
        verifyNoInteractions(inbox, tasks);
    }

    @Test
    void moreTasksOfACustomerThanItsLimitIsA400AndNothingIsApproved() throws Exception {
        CustomerPolicy d = CustomerPolicy.defaults("acme");
        given(policies.policies(any())).willReturn(Map.of("acme",
                new CustomerPolicy("acme", d.sla(), d.rings(), d.gateThreshold(), false, true, 1, List.of(), true)));

        mvc.perform(post("/api/tasks/bulk-approve").with(as(BOB))
            .contentType("application/json")
            .content("{\"taskIds\":[\"t-low\",\"t-high\"]}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("taskIds"))
            .andExpect(jsonPath("$.detail").value(
                    "customer acme allows at most 1 tasks in one bulk approval (bulkApprovalLimit); this request has 2"));
        verify(inbox, never()).complete(any(), any(), any());
    }

    @Test
    void anEmptyOrMalformedRequestIsA400() throws Exception {
        mvc.perform(post("/api/tasks/bulk-approve").with(as(BOB)).contentType("application/json").content("{}"))
            .andExpect(status().isBadRequest());
        mvc.perform(post("/api/tasks/bulk-approve").with(as(BOB))
            .contentType("application/json")
            .content("{\"taskIds\":[]}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("taskIds"));
        mvc.perform(post("/api/tasks/bulk-approve").with(as(BOB))
            .contentType("application/json")
            .content("{\"taskIds\":[\"t-low\"],\"decision\":\"reject\"}")).andExpect(status().isBadRequest());
        verify(inbox, never()).complete(any(), any(), any());
    }

    @Test
    void theInboxPageOffersCheckboxesOnlyOnRowsThatQualify() throws Exception {
        InboxItem low = new InboxItem("t-low", "Review change", "Task_ReviewTechnically", new ChangeId(4), "acme",
                CREATED.toInstant(), null, null, "Patch 4", "alice", "NORMAL", "LOW", null, false,
                ApprovalStep.TECHNICAL_REVIEW);
        InboxItem high = new InboxItem("t-high", "Review change", "Task_ReviewTechnically", new ChangeId(5), "acme",
                CREATED.toInstant(), null, null, "Patch 5", "alice", "NORMAL", "HIGH", null, false,
                ApprovalStep.TECHNICAL_REVIEW);
        given(inbox.tasks(eq(BOB), any(InboxQuery.class)))
            .willReturn(new io.patchflow.shared.Page<>(List.of(low, high), 0, 25, 2));
        given(inbox.counts(eq(BOB), any())).willReturn(Map.of());
        given(inbox.savedFilters(BOB)).willReturn(Map.of());

        mvc.perform(get("/inbox").with(as(BOB)))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("id=\"bulk-t-low\"")))
            .andExpect(content().string(Matchers.containsString("<label for=\"bulk-t-low\"")))
            .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"bulk-t-high\""))))
            .andExpect(content().string(Matchers.containsString("id=\"bulk-approve-button\"")));
    }

    @Test
    void thePageFormPostsWithItsTokenAndShowsEachOutcome() throws Exception {
        mvc.perform(post("/inbox/bulk-approve").with(as(BOB)).param("taskIds", "t-low"))
            .andExpect(status().isForbidden());
        verify(inbox, never()).complete(any(), any(), any());

        mvc.perform(post("/inbox/bulk-approve").with(as(BOB)).with(csrf()).param("taskIds", "t-low", "t-gone"))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("data-outcome=\"APPROVED\"")))
            .andExpect(content().string(Matchers.containsString("data-outcome=\"NOT_FOUND\"")))
            .andExpect(content().string(Matchers.containsString("refused: not found")));
        verify(inbox).complete(BOB, "t-low", APPROVE);

        signedIn(REQ);
        mvc.perform(post("/inbox/bulk-approve").with(as(REQ)).with(csrf()).param("taskIds", "t-low"))
            .andExpect(redirectedUrl("/inbox"))
            .andExpect(flash().attribute("error", "Nothing approved: only approvers approve tasks in bulk"));
    }

}
