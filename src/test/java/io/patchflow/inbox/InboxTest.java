package io.patchflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeService;
import io.patchflow.change.SubmitChange;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchChange.ReviewDecision;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.shared.Page;
import io.patchflow.testsupport.Fixtures;
import io.patchflow.testsupport.ProcessDriver;

/**
 * The inbox on the real engine and database: the index the engine keeps (ADR 0036), its
 * filters, counts and order, claiming, giving back and handing on, and saved filters.
 */
@SpringBootTest
@ActiveProfiles("test")
class InboxTest {

    @Autowired
    Fixtures fixtures;

    @Autowired
    ProcessDriver driver;

    @Autowired
    InboxService inbox;

    @Autowired
    InboxIndex index;

    @Autowired
    TaskInbox engineTasks;

    @Autowired
    ChangeService changes;

    @Autowired
    JdbcClient jdbc;

    Fixtures.World world;

    ChangeRequest exploited;

    ChangeRequest medium;

    @BeforeEach
    void twoChangesWaitingForReview() {
        world = fixtures.world();
        world.asset("app1", Criticality.MEDIUM, Exposure.INTERNAL, 0);
        world.asset("app2", Criticality.MEDIUM, Exposure.INTERNAL, 1);
        world.asset("lab1", Criticality.LOW, Exposure.INTERNAL, 0);
        exploited = driver.submit(world, List.of(fixtures.exploitedPatch("8.0")), world.assets("app1", "app2"), false,
                null);
        medium = driver.submit(world, List.of(fixtures.mediumPatch()), world.assets("lab1"), false, null);
    }

    @Test
    void theEnginesTasksAreListedFilteredCountedAndOrdered() {
        List<InboxItem> all = mine(query(null, null, null, null, false, null));
        assertThat(all).extracting(InboxItem::changeId).containsExactlyInAnyOrder(exploited.id(), medium.id());
        InboxItem review = all.stream().filter(i -> i.changeId().equals(exploited.id())).findFirst().orElseThrow();
        assertThat(review.taskDefinitionKey()).isEqualTo(PatchChange.TASK_REVIEW_TECHNICALLY);
        assertThat(review.knownExploited()).isTrue();
        assertThat(review.riskLevel()).isEqualTo("HIGH");
        assertThat(review.changeType()).isEqualTo("NORMAL");
        assertThat(review.requester()).isEqualTo(world.requester.username());
        assertThat(review.due()).as("the engine's due date").isNotNull();

        assertThat(mine(query(null, "HIGH", null, null, false, null))).extracting(InboxItem::changeId)
            .containsExactly(exploited.id());
        assertThat(mine(query(null, null, null, null, true, null))).extracting(InboxItem::changeId)
            .containsExactly(exploited.id());
        assertThat(mine(query(null, null, world.customer + "-lab1", null, false, null))).extracting(InboxItem::changeId)
            .containsExactly(medium.id());
        String cve = jdbc
            .sql("SELECT pc.cve_id FROM change_patch cp JOIN patch_cve pc ON pc.patch_id = cp.patch_id "
                    + "WHERE cp.change_id = ?")
            .param(medium.id().value())
            .query(String.class)
            .single();
        assertThat(mine(query(null, null, null, cve, false, null))).extracting(InboxItem::changeId)
            .containsExactly(medium.id());
        assertThat(mine(query("NORMAL", null, null, null, false, "risk"))).extracting(InboxItem::riskLevel)
            .as("by risk, highest first")
            .containsExactly("HIGH", "MEDIUM");

        Map<String, Long> counts = inbox.counts(world.approver1, query(null, null, null, null, false, null));
        assertThat(counts).containsEntry("all", 2L)
            .containsEntry("kev", 1L)
            .containsEntry("risk:HIGH", 1L)
            .containsEntry("risk:MEDIUM", 1L)
            .containsEntry("type:NORMAL", 2L)
            .containsEntry("overdue", 0L)
            .containsEntry("mine", 0L);
        assertThat(inbox.tasks(world.requester, query(null, null, null, null, false, null)).items())
            .as("the requester is offered neither review")
            .isEmpty();
        assertThat(inbox.tasks(fixtures.world().approver1, query(null, null, null, null, false, null)).items())
            .as("another customer's approver")
            .isEmpty();
    }

    @Test
    void aClaimedTaskIsMineAloneUntilIGiveItBackAndEveryStepIsAudited() {
        String review = driver.taskId(medium.id(), PatchChange.TASK_REVIEW_TECHNICALLY);

        inbox.claim(world.approver1, review);

        assertThat(mine(scope("mine"))).extracting(InboxItem::id).containsExactly(review);
        assertThat(inbox.tasks(world.approver2, scope("all")).items()).extracting(InboxItem::id)
            .as("claimed: gone from the colleague's group list")
            .doesNotContain(review);
        assertThatThrownBy(() -> inbox.claim(world.approver2, review)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> inbox.claim(world.approver1, review)).isInstanceOf(ConflictException.class)
            .hasMessage("you have this task already");
        assertThatThrownBy(() -> inbox.unclaim(world.approver2, review)).isInstanceOf(NotFoundException.class);

        inbox.unclaim(world.approver1, review);
        assertThat(inbox.tasks(world.approver2, scope("all")).items()).extracting(InboxItem::id).contains(review);
        assertThat(kinds(medium)).containsSubsequence("TASK_CLAIMED", "TASK_UNCLAIMED");
    }

    @Test
    void aTaskGoesOnlyToAColleagueWhoMayDoItAndTheColleagueCanDecide() {
        String review = driver.taskId(medium.id(), PatchChange.TASK_REVIEW_TECHNICALLY);
        Actor outsider = fixtures.world().approver1;
        Actor requestingApprover = world.person("requesting-approver", Role.REQUESTER, Role.APPROVER);

        assertThatThrownBy(() -> inbox.delegate(world.approver1, review, world.changeManager.username()))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("is not in approver");
        assertThatThrownBy(() -> inbox.delegate(world.approver1, review, outsider.username()))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("no colleague");
        assertThatThrownBy(() -> inbox.delegate(world.approver1, review, world.requester.username()))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("is not in approver");
        assertThat(engineTasks.task(world.approver1, review).orElseThrow().assignee()).isNull();

        inbox.delegate(world.approver1, review, world.approver2.username());

        assertThat(engineTasks.task(world.approver2, review).orElseThrow().assignee())
            .isEqualTo(world.approver2.username());
        assertThat(mine(scope("all"))).extracting(InboxItem::id).doesNotContain(review);
        assertThatThrownBy(() -> inbox.delegate(world.approver1, review, world.approver1.username()))
            .isInstanceOf(NotFoundException.class);
        assertThat(kinds(medium)).contains("TASK_DELEGATED");
        driver.complete(world.approver2, medium.id(), PatchChange.TASK_REVIEW_TECHNICALLY,
                Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.APPROVE));
        assertThat(index.size()).as("a completed task leaves the index")
            .isEqualTo(jdbc.sql("SELECT count(*) FROM inbox_task").query(Long.class).single());
        assertThat(
                jdbc.sql("SELECT count(*) FROM inbox_task WHERE task_id = ?").param(review).query(Long.class).single())
            .isZero();

    }

    @Test
    void aDeputyCanNeverTakeTheReviewOfAChangeTheyRequested() {
        Actor requestingApprover = world.person("requesting-approver", Role.REQUESTER, Role.APPROVER);
        ChangeRequest own = changes.submit(requestingApprover, new SubmitChange(world.customer, "mine", null,
                List.of(fixtures.mediumPatch()), world.assets("lab1"), null, false, null));
        driver.runJobs(own.id());
        String review = driver.taskId(own.id(), PatchChange.TASK_REVIEW_TECHNICALLY);

        assertThatThrownBy(() -> inbox.delegate(world.approver1, review, requestingApprover.username()))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("requested this change and cannot approve it");
        assertThatThrownBy(() -> inbox.claim(requestingApprover, review)).isInstanceOf(ForbiddenException.class)
            .hasMessageContaining("requested this change");
        assertThat(engineTasks.task(world.approver1, review).orElseThrow().assignee()).isNull();
        assertThat(inbox.tasks(requestingApprover, scope("all")).items()).extracting(InboxItem::id)
            .doesNotContain(review);
    }

    @Test
    void savedFiltersAreMineNamedAndChecked() {
        InboxQuery highRisk = query(null, "HIGH", null, null, true, "risk");

        inbox.saveFilter(world.approver1, "urgent", highRisk);

        assertThat(inbox.savedFilters(world.approver1))
            .containsExactly(Map.entry("urgent", "risk=HIGH&kev=true&sort=risk"));
        assertThat(inbox.savedFilters(world.approver2)).isEmpty();
        assertThatThrownBy(() -> inbox.saveFilter(world.approver1, " ", highRisk))
            .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> inbox.saveFilter(world.approver1, "nothing", scope("all")))
            .hasMessage("choose at least one filter to save");
        assertThatThrownBy(() -> inbox.deleteFilter(world.approver2, "urgent")).isInstanceOf(NotFoundException.class);
        inbox.deleteFilter(world.approver1, "urgent");
        assertThat(inbox.savedFilters(world.approver1)).isEmpty();
    }

    @Test
    void aTaskIsListedOnlyForTheGroupsItIsOfferedToWhateverTheirNamesHold() {
        // groups named in a model can hold the row's separator and LIKE's wildcards
        String task = "offered-" + world.customer;
        index.created(new IndexedTask(task, medium.id(), world.customer, "reviewByHand", "Review by hand",
                java.time.Instant.now(), null, null, List.of("change-manager|night", "approver_", "100%"), false, null,
                1));
        assertThat(mine(scope("groups"))).extracting(InboxItem::id).doesNotContain(task);
        assertThat(inbox.tasks(world.changeManager, scope("groups")).items()).extracting(InboxItem::id)
            .doesNotContain(task);

        // an escalation offers it to the change managers, once however often it happens
        index.offered(task, "change-manager");
        index.offered(task, "change-manager");
        assertThat(inbox.tasks(world.changeManager, scope("groups")).items()).extracting(InboxItem::id).contains(task);
        assertThat(mine(scope("groups"))).extracting(InboxItem::id).doesNotContain(task);
        assertThat(jdbc.sql("SELECT offered_to FROM inbox_task WHERE task_id = ?")
            .param(task)
            .query(String.class)
            .single()).isEqualTo("|change-manager%7Cnight|approver_|100%25|change-manager|");

        // each group id matches only itself, whatever it holds
        List<String> groups = List.of("a|b", "a", "b", "a_b", "axb", "a%b", "a%7Cb", "a!b", "a!!b", "");
        for (String offered : groups) {
            String row = InboxTaskRepository.offeredTo(List.of("x", offered, "y"));
            for (String group : groups) {
                assertThat(jdbc.sql("SELECT CASE WHEN ? LIKE ? ESCAPE '!' THEN 1 ELSE 0 END")
                    .params(row, InboxTaskRepository.offeredToPattern(group))
                    .query(Integer.class)
                    .single()).as("%s offered to %s", group, row).isEqualTo(group.equals(offered) ? 1 : 0);
            }
        }
        index.ended(task);
    }

    private List<InboxItem> mine(InboxQuery query) {
        Page<InboxItem> page = inbox.tasks(world.approver1, query);
        return page.items();
    }

    private List<String> kinds(ChangeRequest change) {
        return jdbc.sql("SELECT kind FROM audit_event WHERE change_id = ? ORDER BY id")
            .param(change.id().value())
            .query(String.class)
            .list();
    }

    private static InboxQuery query(String type, String risk, String asset, String cve, boolean kev, String sort) {
        return new InboxQuery(null, null, type, risk, null, cve, asset, null, kev, sort, 0, 50);
    }

    private static InboxQuery scope(String scope) {
        return new InboxQuery(scope, null, null, null, null, null, null, null, false, null, 0, 50);
    }

}
