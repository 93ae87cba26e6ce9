package io.patchflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
import io.patchflow.testsupport.Fixtures;
import io.patchflow.testsupport.ProcessDriver;

/**
 * Delegation while away (ADR 0039) on the real engine and database: tasks of an absent
 * person go to their deputy, or back to their groups where the four-eyes rule refuses the
 * deputy, and nothing is claimed by or handed to someone who is away.
 */
@SpringBootTest
@ActiveProfiles("test")
class AbsenceTest {

    @Autowired
    Fixtures fixtures;

    @Autowired
    ProcessDriver driver;

    @Autowired
    InboxService inbox;

    @Autowired
    Absences absences;

    @Autowired
    TaskInbox engineTasks;

    @Autowired
    ChangeService changes;

    @Autowired
    JdbcClient jdbc;

    Fixtures.World world;

    ChangeRequest change;

    String review;

    @BeforeEach
    void aChangeWaitingForReview() {
        world = fixtures.world();
        world.asset("lab1", Criticality.LOW, Exposure.INTERNAL, 0);
        change = driver.submit(world, List.of(fixtures.mediumPatch()), world.assets("lab1"), false, null);
        review = driver.taskId(change.id(), PatchChange.TASK_REVIEW_TECHNICALLY);
    }

    @Test
    void aClaimedTaskGoesToTheDeputyWhenTheAbsenceBeginsAndTheDeputyDecidesIt() {
        inbox.claim(world.approver1, review);

        absences.set(world.approver1, Instant.now().toString(), in(Duration.ofDays(2)), world.approver2.username());

        assertThat(assignee(review)).isEqualTo(world.approver2.username());
        assertThat(trail(change, "TASK_DELEGATED")).singleElement()
            .asString()
            .contains("handed to " + world.approver2.username() + ", the deputy")
            .contains(world.approver1.username() + " is away until");
        assertThat(inbox.tasks(world.approver1, InboxQuery.firstPage(50)).items()).as("away: nothing to claim")
            .isEmpty();
        driver.complete(world.approver2, change.id(), PatchChange.TASK_REVIEW_TECHNICALLY,
                Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.APPROVE));
        assertThat(driver.tasks(change.id(), PatchChange.TASK_REVIEW_TECHNICALLY)).isEmpty();
    }

    @Test
    void aTaskOfAChangeTheDeputyRequestedStaysWithItsGroups() {
        Actor requestingApprover = world.person("requesting-approver", Role.REQUESTER, Role.APPROVER);
        ChangeRequest own = changes.submit(requestingApprover, new SubmitChange(world.customer, "mine", null,
                List.of(fixtures.mediumPatch()), world.assets("lab1"), null, false, null));
        driver.runJobs(own.id());
        String ownReview = driver.taskId(own.id(), PatchChange.TASK_REVIEW_TECHNICALLY);
        inbox.claim(world.approver1, ownReview);
        inbox.claim(world.approver1, review);

        absences.set(world.approver1, Instant.now().toString(), in(Duration.ofDays(1)), requestingApprover.username());

        assertThat(assignee(ownReview)).as("not to the change's requester").isNull();
        assertThat(trail(own, "TASK_UNCLAIMED")).singleElement()
            .asString()
            .contains("given back to approver")
            .contains("requested this change and cannot approve it");
        assertThat(trail(own, "TASK_DELEGATED")).isEmpty();
        assertThat(inbox.tasks(world.approver2, InboxQuery.firstPage(50)).items()).extracting(InboxItem::id)
            .as("offered to the group again")
            .contains(ownReview);
        assertThat(assignee(review)).as("another change's task goes to the deputy")
            .isEqualTo(requestingApprover.username());
    }

    @Test
    void nobodyClaimsForOrHandsOnToSomeoneWhoIsAway() {
        absences.set(world.approver2, Instant.now().toString(), in(Duration.ofHours(8)), world.approver1.username());

        assertThatThrownBy(() -> inbox.claim(world.approver2, review)).isInstanceOf(ConflictException.class)
            .hasMessageContaining("you are away until")
            .hasMessageContaining(world.approver1.username() + " deputises for you");
        assertThatThrownBy(() -> inbox.complete(world.approver2, review,
                Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.APPROVE)))
            .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> inbox.delegate(world.approver1, review, world.approver2.username()))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining(world.approver2.username() + " is away until")
            .hasMessageContaining(world.approver1.username() + " deputises for them");
        assertThat(inbox.colleagues(world.approver1, review)).doesNotContain(world.approver2.username());
        assertThat(assignee(review)).as("nothing changed").isNull();
        assertThat(inbox.tasks(world.approver2, InboxQuery.firstPage(50)).items()).isEmpty();
        assertThat(inbox.counts(world.approver2, InboxQuery.firstPage(50))).containsEntry("all", 0L);
    }

    @Test
    void anAbsenceInTheFutureTakesEffectWhenTheSweepRunsAfterItBegins() {
        inbox.claim(world.approver1, review);
        Instant now = Instant.now();
        absences.set(world.approver1, now.plus(Duration.ofHours(1)).toString(), in(Duration.ofDays(1)),
                world.approver2.username());

        absences.sweep(now);
        assertThat(assignee(review)).as("not yet away").isEqualTo(world.approver1.username());

        absences.sweep(now.plus(Duration.ofHours(2)));
        assertThat(assignee(review)).isEqualTo(world.approver2.username());

        absences.sweep(now.plus(Duration.ofHours(3)));
        assertThat(trail(change, "TASK_DELEGATED")).as("once, however often the sweep runs").hasSize(1);
    }

    @Test
    void aDeputyWhoIsAwayTooIsPassedOverForTheGroupsNotForTheirOwnDeputy() {
        Actor approver3 = world.person("approver3", Role.APPROVER);
        Instant now = Instant.now();
        inbox.claim(world.approver1, review);
        absences.set(world.approver1, now.plus(Duration.ofHours(2)).toString(), in(Duration.ofDays(3)),
                world.approver2.username());
        // the deputy plans an absence of their own afterwards, with a deputy of their own
        absences.set(world.approver2, now.plus(Duration.ofHours(1)).toString(), in(Duration.ofDays(1)),
                approver3.username());

        absences.sweep(now.plus(Duration.ofHours(3)));

        assertThat(assignee(review)).as("one step only").isNull();
        assertThat(trail(change, "TASK_UNCLAIMED")).singleElement()
            .asString()
            .contains(world.approver2.username() + " is away too");
    }

    @Test
    void anAbsenceIsCheckedWhenItIsSet() {
        String now = Instant.now().toString();
        String later = in(Duration.ofDays(1));
        Actor outsider = fixtures.world().approver1;

        assertThatThrownBy(() -> absences.set(world.requester, now, later, world.approver1.username()))
            .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> absences.set(world.approver1, now, later, world.approver1.username()))
            .hasMessage("you cannot deputise for yourself");
        assertThatThrownBy(() -> absences.set(world.approver1, now, later, outsider.username()))
            .hasMessageContaining("no colleague");
        assertThatThrownBy(() -> absences.set(world.approver1, now, later, world.changeManager.username()))
            .hasMessageContaining("shares none of your groups");
        assertThatThrownBy(() -> absences.set(world.approver1, later, now, world.approver2.username()))
            .hasMessage("an absence ends after it begins");
        assertThatThrownBy(() -> absences.set(world.approver1, "2020-01-01T00:00Z", "2020-01-02T00:00Z",
                world.approver2.username()))
            .hasMessage("an absence ends in the future");
        assertThatThrownBy(() -> absences.set(world.approver1, "tomorrow", later, world.approver2.username()))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("is not a date and time");
        assertThatThrownBy(() -> absences.set(world.approver1, "+99999-01-01T00:00Z", "+99999-01-02T00:00Z",
                world.approver2.username()))
            .hasMessageContaining("days ahead");
        assertThat(absences.planned(world.approver1)).isEmpty();

        Absence set = absences.set(world.approver1, in(Duration.ofDays(100)).replace("Z", "+00:00"),
                in(Duration.ofDays(104)), world.approver2.username());
        assertThat(set.from()).isAfter(Instant.now().plus(Duration.ofDays(99)));
        OffsetDateTime local = Instant.now()
            .plus(Duration.ofDays(200))
            .atOffset(ZoneOffset.ofHours(2))
            .truncatedTo(ChronoUnit.SECONDS);
        Absence withOffset = absences.set(world.approver1, local.toString(), local.plusDays(2).toString(),
                world.approver2.username());
        assertThat(withOffset.from()).as("the offset is kept, stored as UTC").isEqualTo(local.toInstant());
        assertThatThrownBy(() -> absences.set(world.approver1, in(Duration.ofDays(103)), in(Duration.ofDays(108)),
                world.approver2.username()))
            .isInstanceOf(ConflictException.class)
            .hasMessageContaining("you are already away");
        assertThatThrownBy(() -> absences.set(world.approver2, in(Duration.ofDays(103)), in(Duration.ofDays(108)),
                world.approver1.username()))
            .as("a deputy who is away then")
            .hasMessageContaining(world.approver1.username() + " is away from");
        assertThatThrownBy(() -> absences.end(world.approver2, set.id())).isInstanceOf(NotFoundException.class);

        absences.end(world.approver1, set.id());
        assertThat(absences.planned(world.approver1)).containsExactly(withOffset);
    }

    private String assignee(String taskId) {
        return jdbc.sql("SELECT ASSIGNEE_ FROM ACT_RU_TASK WHERE ID_ = ?")
            .param(taskId)
            .query((rs, n) -> Optional.ofNullable(rs.getString(1)))
            .single()
            .orElse(null);
    }

    private List<String> trail(ChangeRequest change, String kind) {
        return jdbc.sql("SELECT detail FROM audit_event WHERE change_id = ? AND kind = ? ORDER BY id")
            .params(change.id().value(), kind)
            .query(String.class)
            .list();
    }

    private static String in(Duration duration) {
        return Instant.now().plus(duration).toString();
    }

}
