package io.patchflow.inbox;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.patchflow.approval.ApprovalStep;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeStatus;
import io.patchflow.changeview.ChangeDetails;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.shared.Page;

@WebMvcTest(TaskApiController.class)
class TaskApiControllerTest extends SecuredSliceTest {

    private static final Actor BOB = Actor.of("bob", Set.of(Role.APPROVER), Set.of("acme"));

    private static final OffsetDateTime CREATED = OffsetDateTime.of(2026, 11, 20, 9, 0, 0, 0, ZoneOffset.UTC);

    @MockitoBean
    InboxService inbox;

    @MockitoBean
    BulkApprovals bulk;

    @BeforeEach
    void signIn() {
        signedIn(BOB);
    }

    private static MockHttpServletRequestBuilder asBob(MockHttpServletRequestBuilder request) {
        return request.with(as(BOB));
    }

    private static InboxTask task(String id, String assignee) {
        return new InboxTask(id, "Review change", "Task_Review", new ChangeId(4), "acme", CREATED, CREATED.plusDays(1),
                assignee, List.of("approver"), true, ApprovalStep.TECHNICAL_REVIEW, 1, "Patch OpenSSL", "alice");
    }

    @Test
    void listsMyTasksFilteredSortedAndPaged() throws Exception {
        InboxItem item = new InboxItem("t-1", "Review change", "Task_Review", new ChangeId(4), "acme",
                CREATED.toInstant(), CREATED.plusDays(1).toInstant(), null, "Patch OpenSSL", "alice", "NORMAL", "HIGH",
                null, true, ApprovalStep.TECHNICAL_REVIEW);
        given(inbox.tasks(BOB,
                new InboxQuery(null, "acme", null, "HIGH", null, null, null, "overdue", true, "age", 2, 10)))
            .willReturn(new Page<>(List.of(item), 2, 10, 21));

        mvc.perform(asBob(get("/api/tasks").param("page", "2")
            .param("size", "10")
            .param("customer", "acme")
            .param("risk", "high")
            .param("due", "overdue")
            .param("kev", "true")
            .param("sort", "age")))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.items[0].id").value("t-1"))
            .andExpect(jsonPath("$.items[0].changeId").value("CHG-4"))
            .andExpect(jsonPath("$.items[0].riskLevel").value("HIGH"))
            .andExpect(jsonPath("$.items[0].knownExploited").value(true))
            .andExpect(jsonPath("$.items[0].assignee").doesNotExist())
            .andExpect(jsonPath("$.page").value(2))
            .andExpect(jsonPath("$.total").value(21));
    }

    @Test
    void aFilterValueTheInboxDoesNotKnowIsA400NamingIt() throws Exception {
        mvc.perform(asBob(get("/api/tasks").param("sort", "colour")))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("sort"));
        mvc.perform(asBob(get("/api/tasks").param("ticket", "SD-1")))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("ticket"));
        verify(inbox, never()).tasks(any(), any(InboxQuery.class));
    }

    @Test
    void claimingAnotherCustomersTaskIsA404AndMyOwnChangesA403() throws Exception {
        doThrow(new NotFoundException("no task t-9")).when(inbox).claim(BOB, "t-9");
        doThrow(new ForbiddenException("four-eyes rule: bob requested this change and cannot approve it")).when(inbox)
            .claim(BOB, "t-1");

        mvc.perform(asBob(post("/api/tasks/t-9/claim"))).andExpect(status().isNotFound());
        mvc.perform(asBob(post("/api/tasks/t-1/claim")))
            .andExpect(status().isForbidden())
            .andExpect(jsonPath("$.detail").value("four-eyes rule: bob requested this change and cannot approve it"));
        mvc.perform(asBob(post("/api/tasks/t-2/unclaim"))).andExpect(status().isNoContent());
        verify(inbox).unclaim(BOB, "t-2");
    }

    @Test
    void delegatingNamesTheColleague() throws Exception {
        mvc.perform(asBob(post("/api/tasks/t-1/delegate")).contentType("application/json")
            .content("{\"colleague\":\"carol\"}")).andExpect(status().isNoContent());
        verify(inbox).delegate(BOB, "t-1", "carol");

        mvc.perform(asBob(post("/api/tasks/t-1/delegate")).contentType("application/json").content("{}"))
            .andExpect(status().isBadRequest());
    }

    @Test
    void oneTaskCarriesItsFormAsJsonAndItsChange() throws Exception {
        ChangeRequest change = new ChangeRequest(new ChangeId(4), "acme", "Patch OpenSSL", null, "alice", false, null,
                null, null, ChangeStatus.AWAITING_APPROVAL, null, null, null, null, null, "pi-4", CREATED, CREATED,
                null);
        ChangeDetails details = new ChangeDetails(change, "Acme", List.of(), List.of(), null, List.of(), List.of(),
                List.of(), List.of(), false, List.of(), List.of(), java.util.Map.of());
        given(inbox.task(BOB, "t-1")).willReturn(new InboxService.TaskDetails(task("t-1", "bob"), details,
                "{\"components\":[{\"key\":\"reviewDecision\",\"type\":\"radio\"}]}", null));

        mvc.perform(asBob(get("/api/tasks/t-1")))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.task.id").value("t-1"))
            // the form schema is embedded as JSON, not as a string
            .andExpect(jsonPath("$.form.components[0].key").value("reviewDecision"))
            .andExpect(jsonPath("$.blockedByFourEyes").value(false))
            .andExpect(jsonPath("$.change.change.id").value("CHG-4"))
            .andExpect(jsonPath("$.change.customerName").value("Acme"));
    }

    @Test
    void completingATaskAnswersNoContent() throws Exception {
        mvc.perform(asBob(post("/api/tasks/t-1/complete")).contentType(MediaType.APPLICATION_JSON)
            .content("{\"variables\":{\"reviewDecision\":\"reject\",\"reviewComment\":\"not now\"}}"))
            .andExpect(status().isNoContent())
            .andExpect(content().string(""));

        verify(inbox).complete(BOB, "t-1", Map.of("reviewDecision", "reject", "reviewComment", "not now"));
    }

    @Test
    void completingWithoutVariablesIsABadRequest() throws Exception {
        mvc.perform(asBob(post("/api/tasks/t-1/complete")).contentType(MediaType.APPLICATION_JSON).content("{}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.status").value(400))
            .andExpect(jsonPath("$.field").value("variables"));

        verifyNoInteractions(inbox);
    }

    @Test
    void completingSomeoneElsesTaskIsForbidden() throws Exception {
        willThrow(new ForbiddenException("this task is assigned to carol")).given(inbox)
            .complete(BOB, "t-1", Map.of("cabVote", "approve"));

        mvc.perform(asBob(post("/api/tasks/t-1/complete")).contentType(MediaType.APPLICATION_JSON)
            .content("{\"variables\":{\"cabVote\":\"approve\"}}"))
            .andExpect(status().isForbidden())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(403))
            .andExpect(jsonPath("$.detail").value("this task is assigned to carol"));
    }

    @Test
    void completingAnInvisibleTaskIsNotFound() throws Exception {
        willThrow(new NotFoundException("no task t-404")).given(inbox).complete(any(), anyString(), anyMap());

        mvc.perform(asBob(post("/api/tasks/t-404/complete")).contentType(MediaType.APPLICATION_JSON)
            .content("{\"variables\":{}}"))
            .andExpect(status().isNotFound())
            .andExpect(jsonPath("$.status").value(404))
            .andExpect(jsonPath("$.detail").value("no task t-404"));
    }

    @Test
    void withoutCredentialsNothingIsCompleted() throws Exception {
        mvc.perform(post("/api/tasks/t-1/complete").contentType(MediaType.APPLICATION_JSON)
            .content("{\"variables\":{\"cabVote\":\"approve\"}}"))
            .andExpect(status().isUnauthorized())
            .andExpect(header().doesNotExist(HttpHeaders.WWW_AUTHENTICATE))
            .andExpect(jsonPath("$.title").value("Unauthorized"));

        verify(inbox, never()).complete(any(), anyString(), anyMap());
    }

    @Test
    void withoutCredentialsNoTasksAreListed() throws Exception {
        mvc.perform(get("/api/tasks"))
            .andExpect(status().isUnauthorized())
            .andExpect(header().doesNotExist(HttpHeaders.WWW_AUTHENTICATE));

        verifyNoInteractions(inbox);
    }

}
