package io.patchflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import io.patchflow.approval.ApprovalRecord;
import io.patchflow.approval.ApprovalService;
import io.patchflow.approval.ApprovalStep;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeService;
import io.patchflow.change.ChangeType;
import io.patchflow.change.RiskLevel;
import io.patchflow.change.SubmitChange;
import io.patchflow.inbox.BulkResult.Outcome;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.patch.Patch;
import io.patchflow.patch.PatchCatalog;
import io.patchflow.patch.PatchType;
import io.patchflow.policy.CustomerPolicy;
import io.patchflow.policy.Policies;
import io.patchflow.process.model.PatchChange;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.testsupport.Fixtures;
import io.patchflow.testsupport.ProcessDriver;

/**
 * Bulk approval on the real engine and database (ADR 0037): each task goes the way of a
 * single approval, in its own transaction, and the answer says what became of each.
 */
@SpringBootTest
@ActiveProfiles("test")
class BulkApprovalTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Autowired
    Fixtures fixtures;

    @Autowired
    ProcessDriver driver;

    @Autowired
    BulkApprovals bulk;

    @Autowired
    ChangeService changes;

    @Autowired
    ApprovalService approvals;

    @Autowired
    PatchCatalog patches;

    @Autowired
    Policies policies;

    @Autowired
    JdbcClient jdbc;

    Fixtures.World world;

    @BeforeEach
    void aCustomerWithLowCriticalityAssets() {
        world = fixtures.world();
        world.asset("lab1", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("app1", Criticality.MEDIUM, Exposure.INTERNAL, 0);
    }

    @Test
    void threeLowRiskReviewsAreApprovedInOneCallEachRecordedAsASingleApproval() {
        List<ChangeRequest> low = List.of(lowRiskChange(world.requester), lowRiskChange(world.requester),
                lowRiskChange(world.requester));
        List<String> reviews = low.stream()
            .map(c -> driver.taskId(c.id(), PatchChange.TASK_REVIEW_TECHNICALLY))
            .toList();

        List<BulkResult> results = bulk.approve(world.approver1, reviews);

        assertThat(results).extracting(BulkResult::outcome).containsOnly(Outcome.APPROVED).hasSize(3);
        for (ChangeRequest change : low) {
            assertThat(approvals.decisions(change.id()))
                .extracting(ApprovalRecord::step, ApprovalRecord::decidedBy, ApprovalRecord::decision)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ApprovalStep.TECHNICAL_REVIEW,
                        world.approver1.username(), "approve"));
            assertThat(driver.tasks(change.id(), PatchChange.TASK_APPROVE_CHANGE))
                .as("the review passed: the CAB vote waits")
                .hasSize(1);
            assertThat(kinds(change)).contains("DECISION_TECHNICAL_REVIEW");
        }

        List<String> votes = low.stream().map(c -> driver.taskId(c.id(), PatchChange.TASK_APPROVE_CHANGE)).toList();
        List<BulkResult> cab = bulk.approve(world.approver2, votes);
        assertThat(cab).extracting(BulkResult::outcome).containsOnly(Outcome.APPROVED);
        assertThat(approvals.decisions(low.get(0).id())).extracting(ApprovalRecord::step)
            .contains(ApprovalStep.CAB_VOTE);
    }

    @Test
    void fourEyesIneligibleAndForeignTasksAreRefusedEachWithItsReasonWhileTheOthersPass() {
        Actor requestingApprover = world.person("requesting-approver", Role.REQUESTER, Role.APPROVER);
        ChangeRequest own = lowRiskChange(requestingApprover);
        ChangeRequest other = lowRiskChange(world.requester);
        ChangeRequest high = driver.submit(world, List.of(fixtures.exploitedPatch("8.0")), world.assets("app1"), false,
                null);
        assertThat(driver.change(high.id()).riskLevel()).isEqualTo(RiskLevel.HIGH);
        assertThat(driver.change(high.id()).changeType()).isEqualTo(ChangeType.NORMAL);
        Fixtures.World elsewhere = fixtures.world();
        elsewhere.asset("lab1", Criticality.LOW, Exposure.INTERNAL, 0);
        ChangeRequest foreign = lowRiskChangeOf(elsewhere, elsewhere.requester);

        String ownReview = driver.taskId(own.id(), PatchChange.TASK_REVIEW_TECHNICALLY);
        String otherReview = driver.taskId(other.id(), PatchChange.TASK_REVIEW_TECHNICALLY);
        String highReview = driver.taskId(high.id(), PatchChange.TASK_REVIEW_TECHNICALLY);
        String foreignReview = driver.taskId(foreign.id(), PatchChange.TASK_REVIEW_TECHNICALLY);

        List<BulkResult> results = bulk.approve(requestingApprover,
                List.of(ownReview, otherReview, highReview, foreignReview, otherReview, "no-such-task"));

        assertThat(results).extracting(BulkResult::taskId, BulkResult::outcome)
            .as("in the order sent, a repeated id once")
            .containsExactly(org.assertj.core.groups.Tuple.tuple(ownReview, Outcome.FOUR_EYES),
                    org.assertj.core.groups.Tuple.tuple(otherReview, Outcome.APPROVED),
                    org.assertj.core.groups.Tuple.tuple(highReview, Outcome.NOT_ELIGIBLE),
                    org.assertj.core.groups.Tuple.tuple(foreignReview, Outcome.NOT_FOUND),
                    org.assertj.core.groups.Tuple.tuple("no-such-task", Outcome.NOT_FOUND));
        assertThat(results.get(0).reason()).contains("requested this change and cannot approve it");
        assertThat(results.get(2).reason()).contains("standard or low-risk").contains("HIGH");
        assertThat(results.get(3).changeId()).as("nothing of another customer's task is told").isNull();

        assertThat(approvals.decisions(own.id())).as("the refusal rolled back its own completion only").isEmpty();
        assertThat(driver.tasks(own.id(), PatchChange.TASK_REVIEW_TECHNICALLY)).hasSize(1);
        assertThat(approvals.decisions(other.id())).extracting(ApprovalRecord::decidedBy)
            .containsExactly(requestingApprover.username());
        assertThat(driver.tasks(high.id(), PatchChange.TASK_REVIEW_TECHNICALLY)).hasSize(1);
        assertThat(approvals.decisions(high.id())).isEmpty();
        assertThat(driver.tasks(foreign.id(), PatchChange.TASK_REVIEW_TECHNICALLY)).hasSize(1);
    }

    @Test
    void moreTasksOfACustomerThanItsLimitAreRefusedWholeAndAZeroLimitTurnsBulkApprovalOff() {
        List<String> reviews = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            reviews.add(driver.taskId(lowRiskChange(world.requester).id(), PatchChange.TASK_REVIEW_TECHNICALLY));
        }
        limit(2);

        assertThatThrownBy(() -> bulk.approve(world.approver1, reviews))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("taskIds"))
            .hasMessage("customer " + world.customer
                    + " allows at most 2 tasks in one bulk approval (bulkApprovalLimit); this request has 3");
        assertThat(openReviews()).as("nothing approved").isEqualTo(3);

        limit(0);
        assertThatThrownBy(() -> bulk.approve(world.approver1, reviews.subList(0, 1)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("does not allow bulk approval");
        assertThatThrownBy(() -> bulk.approve(world.changeManager, reviews)).isInstanceOf(ForbiddenException.class);
        assertThat(openReviews()).isEqualTo(3);
    }

    private long openReviews() {
        return jdbc.sql("SELECT count(*) FROM inbox_task WHERE customer_id = ? AND task_key = ?")
            .params(world.customer, PatchChange.TASK_REVIEW_TECHNICALLY)
            .query(Long.class)
            .single();
    }

    private void limit(int limit) {
        CustomerPolicy d = CustomerPolicy.defaults(world.customer);
        policies.install(new CustomerPolicy(world.customer, d.sla(), d.rings(), d.gateThreshold(), false, true, limit,
                List.of(), true), "test");
    }

    private ChangeRequest lowRiskChange(Actor requester) {
        return lowRiskChangeOf(world, requester);
    }

    /**
     * A maintenance update that needs a reboot, on a low-criticality asset: rated LOW,
     * but NORMAL (a reboot keeps it from being standard), so it is reviewed.
     */
    private ChangeRequest lowRiskChangeOf(Fixtures.World in, Actor requester) {
        int n = SEQUENCE.incrementAndGet();
        long patch = patches.create(new Patch(0, "Debian", "test:bulk:" + n + ":" + in.customer, "reboot update " + n,
                "kernel" + n, "1.0-" + n, PatchType.MAINTENANCE, true, LocalDate.now(), List.of()));
        ChangeRequest change = changes.submit(requester, new SubmitChange(in.customer, "low risk " + n, null,
                List.of(patch), in.assets("lab1"), null, false, null));
        driver.runJobs(change.id());
        assertThat(driver.change(change.id()).riskLevel()).isEqualTo(RiskLevel.LOW);
        assertThat(driver.change(change.id()).changeType()).isEqualTo(ChangeType.NORMAL);
        return change;
    }

    private List<String> kinds(ChangeRequest change) {
        return jdbc.sql("SELECT kind FROM audit_event WHERE change_id = ? ORDER BY id")
            .param(change.id().value())
            .query(String.class)
            .list();
    }

}
