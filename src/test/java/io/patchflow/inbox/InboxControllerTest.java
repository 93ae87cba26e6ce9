package io.patchflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
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
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
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

@WebMvcTest(InboxController.class)
class InboxControllerTest extends SecuredSliceTest {

    private static final Actor BOB = Actor.of("bob", Set.of(Role.APPROVER), Set.of("acme"));

    @MockitoBean
    InboxService inbox;

    @BeforeEach
    void signIn() {
        signedIn(BOB);
    }

    private static MockHttpServletRequestBuilder asBob(MockHttpServletRequestBuilder request) {
        return request.with(as(BOB));
    }

    private static InboxTask task(String id, OffsetDateTime due) {
        return new InboxTask(id, "Review change", "Task_Review", new ChangeId(4), "acme", due.minusDays(2), due, null,
                List.of("approver"), true, ApprovalStep.TECHNICAL_REVIEW, 1, "Patch OpenSSL", "alice");
    }

    private static InboxService.TaskDetails details(InboxTask task) {
        return details(task, null);
    }

    private static InboxService.TaskDetails details(InboxTask task, String refusal) {
        OffsetDateTime created = OffsetDateTime.of(2026, 11, 20, 9, 0, 0, 0, ZoneOffset.UTC);
        ChangeRequest change = new ChangeRequest(new ChangeId(4), "acme", "Patch OpenSSL", null, "alice", false, null,
                null, null, ChangeStatus.AWAITING_APPROVAL, null, null, null, null, null, "pi-4", created, created,
                null);
        ChangeDetails details = new ChangeDetails(change, "Acme", List.of(), List.of(), null, List.of(), List.of(),
                List.of(), List.of(), false, List.of(), List.of());
        return new InboxService.TaskDetails(task, details, "{\"components\":[]}", refusal);
    }

    @Test
    void theInboxListsMyTasks() throws Exception {
        OffsetDateTime created = OffsetDateTime.of(2026, 11, 20, 9, 0, 0, 0, ZoneOffset.UTC);
        Page<InboxTask> tasks = new Page<>(
                List.of(new InboxTask("t-1", "Review change", "Task_Review", new ChangeId(4), "acme", created, null,
                        null, List.of("approver"), true, ApprovalStep.TECHNICAL_REVIEW, 1, "Patch OpenSSL", "alice")),
                1, 25, 26);
        given(inbox.tasks(BOB, 1, 25)).willReturn(tasks);

        mvc.perform(asBob(get("/inbox").param("page", "1")))
            .andExpect(status().isOk())
            .andExpect(view().name(InboxController.INBOX))
            .andExpect(model().attribute("tasks", tasks))
            .andExpect(model().attribute("me", BOB))
            .andExpect(content().string(Matchers.containsString("Review change")))
            .andExpect(content().string(Matchers.containsString("/tasks/t-1")));
    }

    @Test
    void anOverdueTaskSaysSoInWordsNotOnlyByColour() throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        given(inbox.tasks(BOB, 0, 25)).willReturn(
                new Page<>(List.of(task("t-late", now.minusHours(1)), task("t-soon", now.plusDays(1))), 0, 25, 2));

        String page = mvc.perform(asBob(get("/inbox")))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();

        assertThat(page).containsOnlyOnce("<strong class=\"overdue\">overdue</strong>");
    }

    @Test
    void theNavigationSaysTheInboxIsTheCurrentPageAndALongInboxHasAPager() throws Exception {
        OffsetDateTime due = OffsetDateTime.now(ZoneOffset.UTC).plusDays(1);
        given(inbox.tasks(BOB, 1, 25)).willReturn(new Page<>(List.of(task("t-26", due)), 1, 25, 26));

        mvc.perform(asBob(get("/inbox").param("page", "1")))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("<a href=\"/inbox\" aria-current=\"page\">Inbox</a>")))
            .andExpect(content().string(Matchers.containsString("<a href=\"/changes\">Changes</a>")))
            .andExpect(content().string(Matchers.containsString("<a href=\"/inbox?page=0\" rel=\"prev\">Previous</a>")))
            .andExpect(content().string(Matchers.containsString("Page 2 of 2")))
            .andExpect(content().string(Matchers.not(Matchers.containsString("rel=\"next\""))));
    }

    @Test
    void underAContextPathTheTaskPageHandsItsScriptTheAddressesWithIt() throws Exception {
        InboxTask task = task("t-1", OffsetDateTime.now(ZoneOffset.UTC).minusHours(1));
        given(inbox.task(BOB, "t-1")).willReturn(details(task));

        mvc.perform(asBob(get("/patchflow/tasks/t-1").contextPath("/patchflow")))
            .andExpect(status().isOk())
            .andExpect(view().name(InboxController.TASK))
            .andExpect(content().string(Matchers.containsString("data-complete-url=\"/patchflow/tasks/t-1/complete\"")))
            .andExpect(content().string(Matchers.containsString("src=\"/patchflow/js/task.js\"")))
            // a task is part of the inbox, but is not the inbox page itself
            .andExpect(content()
                .string(Matchers.containsString("<a href=\"/patchflow/inbox\" aria-current=\"true\">Inbox</a>")))
            .andExpect(content().string(Matchers.containsString("<strong class=\"overdue\">overdue</strong>")));
    }

    @Test
    void whereTheServerWouldRefuseMyDecisionTheTaskPageSaysWhyAndOffersNoForm() throws Exception {
        InboxTask task = task("t-2", OffsetDateTime.now(ZoneOffset.UTC).plusDays(1));
        given(inbox.task(BOB, "t-2")).willReturn(details(task,
                "four-eyes rule: bob has already voted in this approval round; the remaining seats need other approvers"));

        mvc.perform(asBob(get("/tasks/t-2")))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("id=\"four-eyes-notice\"")))
            .andExpect(content().string(Matchers.containsString("bob has already voted in this approval round")))
            .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"complete-task\""))))
            .andExpect(content().string(Matchers.not(Matchers.containsString("data-complete-url"))))
            .andExpect(content().string(Matchers.not(Matchers.containsString("/js/task.js"))));
    }

    @Test
    void whereMyDecisionWouldBeAcceptedTheTaskPageOffersTheFormAndNoNotice() throws Exception {
        InboxTask task = task("t-1", OffsetDateTime.now(ZoneOffset.UTC).plusDays(1));
        given(inbox.task(BOB, "t-1")).willReturn(details(task));

        mvc.perform(asBob(get("/tasks/t-1")))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("id=\"complete-task\"")))
            .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"four-eyes-notice\""))));
    }

    @Test
    void anEmptyInboxSaysSo() throws Exception {
        given(inbox.tasks(BOB, 0, 25)).willReturn(new Page<>(List.of(), 0, 25, 0));

        mvc.perform(asBob(get("/inbox")))
            .andExpect(status().isOk())
            .andExpect(view().name(InboxController.INBOX))
            .andExpect(content().string(Matchers.containsString("Nothing to do.")));
    }

    @Test
    void aTaskIMayNotSeeShowsTheErrorPageWith404() throws Exception {
        given(inbox.task(BOB, "t-9")).willThrow(new NotFoundException("no task t-9"));

        mvc.perform(asBob(get("/tasks/t-9")))
            .andExpect(status().isNotFound())
            .andExpect(view().name("error"))
            .andExpect(model().attribute("status", 404))
            .andExpect(model().attribute("message", "no task t-9"));
    }

    @Test
    void aForbiddenTaskShowsTheErrorPageWith403() throws Exception {
        given(inbox.task(BOB, "t-9")).willThrow(new ForbiddenException("not yours"));

        mvc.perform(asBob(get("/tasks/t-9")))
            .andExpect(status().isForbidden())
            .andExpect(view().name("error"))
            .andExpect(model().attribute("status", 403))
            .andExpect(content().string(Matchers.containsString("Not allowed")));
    }

    @Test
    void signedOutVisitorsAreSentToTheLoginPage() throws Exception {
        mvc.perform(get("/inbox")).andExpect(status().isFound()).andExpect(redirectedUrl("http://localhost/login"));

        verifyNoInteractions(inbox);
    }

}
