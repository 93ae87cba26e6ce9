package io.patchflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
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
import io.patchflow.deployment.AssetState;
import io.patchflow.deployment.ChangeAssetView;
import io.patchflow.patch.Cve;
import io.patchflow.patch.Patch;
import io.patchflow.patch.PatchType;
import io.patchflow.vulnerability.CveIntel;
import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.shared.Page;

@WebMvcTest(InboxController.class)
class InboxControllerTest extends SecuredSliceTest {

    private static final Actor BOB = Actor.of("bob", Set.of(Role.APPROVER), Set.of("acme"));

    @MockitoBean
    InboxService inbox;

    @MockitoBean
    BulkApprovals bulk;

    @MockitoBean
    Customers customers;

    @MockitoBean
    Absences absences;

    @BeforeEach
    void signIn() {
        signedIn(BOB);
        given(inbox.counts(eq(BOB), any())).willReturn(
                Map.of("all", 3L, "overdue", 1L, "today", 0L, "kev", 2L, "mine", 0L, "risk:HIGH", 2L, "risk:LOW", 1L));
        given(inbox.savedFilters(BOB)).willReturn(Map.of());
        given(customers.findAll(BOB.customerIds())).willReturn(List.of(new Customer("acme", "Acme")));
    }

    private static InboxItem item(String id, Instant due) {
        return item(id, due, "HIGH");
    }

    private static InboxItem item(String id, Instant due, String risk) {
        return new InboxItem(id, "Review change", "Task_Review", new ChangeId(4), "acme",
                Instant.parse("2026-11-20T09:00:00Z"), due, null, "Patch <OpenSSL>", "alice", "NORMAL", risk, null,
                true, ApprovalStep.TECHNICAL_REVIEW);
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
                List.of(), List.of(), false, List.of(), List.of(), java.util.Map.of());
        return new InboxService.TaskDetails(task, details, "{\"components\":[]}", refusal);
    }

    @Test
    void whileIAmAwayTheInboxSaysWhoTakesMyTasks() throws Exception {
        given(inbox.tasks(eq(BOB), any())).willReturn(new Page<>(List.of(), 0, 25, 0));
        given(absences.running(BOB)).willReturn(java.util.Optional.of(new Absence(7, "bob", "carol",
                Instant.parse("2026-11-20T06:00:00Z"), Instant.parse("2099-01-01T00:00:00Z"))));

        mvc.perform(asBob(get("/inbox")))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("id=\"away-banner\"")))
            .andExpect(content().string(Matchers.containsString("<strong>carol</strong> takes your tasks")));
    }

    @Test
    void theInboxListsMyTasksWithTheirChangesTypeRiskAndBadgesEscaped() throws Exception {
        Page<InboxItem> tasks = new Page<>(List.of(item("t-1", null)), 1, 25, 26);
        given(inbox.tasks(eq(BOB), any())).willReturn(tasks);

        mvc.perform(asBob(get("/inbox").param("page", "1")))
            .andExpect(status().isOk())
            .andExpect(view().name(InboxController.INBOX))
            .andExpect(model().attribute("tasks", tasks))
            .andExpect(model().attribute("me", BOB))
            .andExpect(content().string(Matchers.containsString("Review change")))
            .andExpect(content().string(Matchers.containsString("/tasks/t-1")))
            .andExpect(content().string(Matchers.containsString("Patch &lt;OpenSSL&gt;")))
            .andExpect(content().string(Matchers.containsString("<strong class=\"badge kev\"")))
            .andExpect(content().string(Matchers.containsString("id=\"filter-overdue\">Overdue <span>1</span>")));
        verify(inbox).tasks(BOB, new InboxQuery(null, null, null, null, null, null, null, null, false, null, 1, 25));
    }

    @Test
    void theFiltersReachTheQueryAndAWrongOneIsSaidNotIgnored() throws Exception {
        given(inbox.tasks(eq(BOB), any())).willReturn(new Page<>(List.of(), 0, 25, 0));

        mvc.perform(asBob(get("/inbox").param("risk", "high")
            .param("kev", "true")
            .param("cve", "cve-2025-48384")
            .param("asset", "acme-web-01")
            .param("sort", "risk")))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("No task matches these filters.")))
            .andExpect(content().string(Matchers.containsString("id=\"save-filter\"")));
        verify(inbox).tasks(BOB, new InboxQuery(null, null, null, "HIGH", null, "CVE-2025-48384", "acme-web-01", null,
                true, "risk", 0, 25));

        mvc.perform(asBob(get("/inbox").param("risk", "severe")))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("risk is one of [LOW, MEDIUM, HIGH, CRITICAL]")));
    }

    @Test
    void anOverdueTaskSaysSoInWordsNotOnlyByColour() throws Exception {
        Instant now = Instant.now();
        given(inbox.tasks(eq(BOB), any())).willReturn(new Page<>(
                List.of(item("t-late", now.minusSeconds(7200)), item("t-soon", now.plusSeconds(86400 * 3))), 0, 25, 2));

        String page = mvc.perform(asBob(get("/inbox")))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();

        assertThat(page).containsOnlyOnce("2 h overdue").contains("due in 3 d");
    }

    @Test
    void theNavigationSaysTheInboxIsTheCurrentPageAndALongInboxHasAPagerThatKeepsTheFilters() throws Exception {
        given(inbox.tasks(eq(BOB), any()))
            .willReturn(new Page<>(List.of(item("t-26", Instant.now().plusSeconds(86400))), 1, 25, 26));

        mvc.perform(asBob(get("/inbox").param("page", "1").param("risk", "HIGH")))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("<a href=\"/inbox\" aria-current=\"page\">Inbox</a>")))
            .andExpect(content().string(Matchers.containsString("<a href=\"/changes\">Changes</a>")))
            .andExpect(
                    content().string(Matchers.containsString("<a href=\"/inbox?risk=HIGH\" rel=\"prev\">Previous</a>")))
            .andExpect(content().string(Matchers.containsString("Page 2 of 2")))
            .andExpect(content().string(Matchers.not(Matchers.containsString("rel=\"next\""))));
    }

    @Test
    void claimingNeedsTheFormsTokenAndARefusalIsShownOnTheTaskPage() throws Exception {
        mvc.perform(asBob(post("/tasks/t-1/claim"))).andExpect(status().isForbidden());
        verify(inbox, never()).claim(any(), any());

        doThrow(new ForbiddenException("four-eyes rule: bob requested this change and cannot approve it")).when(inbox)
            .claim(BOB, "t-1");
        mvc.perform(asBob(post("/tasks/t-1/claim")).with(csrf()))
            .andExpect(status().isFound())
            .andExpect(redirectedUrl("/tasks/t-1"))
            .andExpect(flash().attribute("error", "four-eyes rule: bob requested this change and cannot approve it"));
    }

    @Test
    void delegatingATaskIMayNotSeeIsA404() throws Exception {
        doThrow(new NotFoundException("no task t-9")).when(inbox).delegate(BOB, "t-9", "carol");

        mvc.perform(asBob(post("/tasks/t-9/delegate")).param("colleague", "carol").with(csrf()))
            .andExpect(status().isNotFound());
    }

    @Test
    void delegatingToSomeoneWhoMayNotDoTheTaskSaysWhy() throws Exception {
        InboxTask task = task("t-1", OffsetDateTime.now(ZoneOffset.UTC).plusDays(1));
        given(inbox.task(BOB, "t-1")).willReturn(details(task));
        doThrow(new InvalidInputException("colleague", "alice cannot do this task: four-eyes rule")).when(inbox)
            .delegate(BOB, "t-1", "alice");

        mvc.perform(asBob(post("/tasks/t-1/delegate")).param("colleague", "alice").with(csrf()))
            .andExpect(status().isFound())
            .andExpect(redirectedUrl("/tasks/t-1"))
            .andExpect(flash().attribute("error", "Not handed on: alice cannot do this task: four-eyes rule"));
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
    void theTaskPageHoldsTheEvidenceAssetsByRingCveBadgesTheDiagramAndTheTrail() throws Exception {
        OffsetDateTime created = OffsetDateTime.of(2026, 11, 20, 9, 0, 0, 0, ZoneOffset.UTC);
        ChangeRequest change = new ChangeRequest(new ChangeId(4), "acme", "Patch OpenSSL", null, "alice", false, null,
                null, null, ChangeStatus.AWAITING_APPROVAL, null, null, null, null, null, "pi-4", created, created,
                null);
        Patch patch = new Patch(1, "Debian", "DSA-1", "openssl fix", "openssl", "3.0.1", PatchType.SECURITY, false,
                null, List.of(new Cve("CVE-2025-1111", new BigDecimal("9.8"), true)));
        ChangeAssetView asset = new ChangeAssetView(7, "acme-web-01", 0, "HIGH", "INTERNET_FACING", null,
                AssetState.PENDING, null, created, false, null);
        CveIntel intel = new CveIntel("CVE-2025-1111", null, null, null, new BigDecimal("0.9432"), null, null, null,
                null, null);
        ChangeDetails change4 = new ChangeDetails(change, "Acme", List.of(patch), List.of(asset), null, List.of(),
                List.of(), List.of(), List.of(), false, List.of(), List.of(), Map.of("CVE-2025-1111", intel));
        InboxTask task = task("t-1", OffsetDateTime.now(ZoneOffset.UTC).plusDays(1));
        given(inbox.task(BOB, "t-1")).willReturn(new InboxService.TaskDetails(task, change4, "{}", null));

        mvc.perform(asBob(get("/tasks/t-1")))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("EPSS 94.3 %")))
            .andExpect(content().string(Matchers.containsString("id=\"change-assets\"")))
            .andExpect(content().string(Matchers.containsString("<td>HIGH</td>")))
            .andExpect(content().string(Matchers.containsString("INTERNET_FACING")))
            .andExpect(content().string(Matchers.containsString("data-url=\"/changes/CHG-4/diagram\"")))
            .andExpect(content().string(Matchers.containsString("id=\"audit-trail\"")))
            .andExpect(content().string(Matchers.containsString("id=\"claim-task\"")));
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
        given(inbox.tasks(eq(BOB), any())).willReturn(new Page<>(List.of(), 0, 25, 0));

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
