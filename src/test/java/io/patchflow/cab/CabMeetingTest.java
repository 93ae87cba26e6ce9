package io.patchflow.cab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import io.patchflow.approval.ApprovalRecord;
import io.patchflow.approval.ApprovalService;
import io.patchflow.approval.ApprovalStep;
import io.patchflow.audit.AuditEvent;
import io.patchflow.audit.AuditTrail;
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
 * CAB meetings on the real engine and database (ADR 0040): the agenda freezes at the
 * cut-off, votes recorded in the meeting are the voters' own CAB seat decisions (the
 * engine's four-eyes rule included), and the minutes say what was decided.
 */
@SpringBootTest
@ActiveProfiles("test")
class CabMeetingTest {

    private static final Map<String, Object> APPROVE_REVIEW = Map.of(PatchChange.VAR_REVIEW_DECISION,
            ReviewDecision.APPROVE);

    @Autowired
    Fixtures fixtures;

    @Autowired
    ProcessDriver driver;

    @Autowired
    CabMeetings cab;

    @Autowired
    ChangeService changes;

    @Autowired
    ApprovalService approvals;

    @Autowired
    AuditTrail audit;

    Fixtures.World world;

    Actor approver3;

    @BeforeEach
    void aCustomerWithHighRiskAssets() {
        world = fixtures.world();
        world.asset("app1", Criticality.MEDIUM, Exposure.INTERNAL, 0);
        world.asset("app2", Criticality.MEDIUM, Exposure.INTERNAL, 1);
        approver3 = world.person("approver3", Role.APPROVER);
    }

    @Test
    void theAgendaFreezesAtTheCutOffAndALaterChangeGoesToTheNextMeeting() {
        ChangeRequest early = waitingForCab();
        ChangeRequest reviewOnly = driver.submit(world, List.of(fixtures.exploitedPatch("8.0")),
                world.assets("app1", "app2"), false, null);
        CabMeeting first = plan(Duration.ofDays(2), null);
        CabMeeting second = plan(Duration.ofDays(3), null);
        assertThat(first.cutOffAt()).as("by default 24 hours before")
            .isEqualTo(first.startsAt().minus(Duration.ofHours(24)));

        assertThat(cab.freezeDue(first.cutOffAt())).isEqualTo(1);
        assertThat(cab.freezeDue(first.cutOffAt())).as("the sweep runs again harmlessly").isZero();

        assertThat(agenda(first)).as("only changes with open CAB seats").containsExactly(early.id().toString());
        assertThat(cab.meeting(world.changeManager, second.id()).frozen()).isFalse();
        ChangeRequest later = waitingForCab();

        assertThat(cab.freezeDue(second.cutOffAt())).isEqualTo(1);

        assertThat(agenda(second)).as("a change on an earlier agenda is not on the next")
            .containsExactly(later.id().toString());
        assertThat(agenda(first)).as("a frozen agenda never changes").containsExactly(early.id().toString());
        assertThat(reviewOnly.id()).isNotNull();
        assertThat(audit.ofChange(early.id().value())).extracting(AuditEvent::kind).contains("CAB_AGENDA");
    }

    @Test
    void votesRecordedInTheMeetingReachTheQuorumAndTheChangeProceeds() {
        ChangeRequest change = waitingForCab();
        CabMeeting meeting = frozenMeeting();
        Actor chair = world.changeManager;
        cab.addAttendee(chair, meeting.id(), world.approver1.username());
        cab.addAttendee(chair, meeting.id(), world.approver2.username());
        cab.addAttendee(chair, meeting.id(), world.approver1.username());
        assertThatThrownBy(() -> cab.addAttendee(chair, meeting.id(), "bob\u0000"))
            .isInstanceOf(InvalidInputException.class);
        assertThat(cab.minutes(chair, meeting.id()).attendees()).extracting(Attendee::username)
            .containsExactly(world.approver1.username(), world.approver2.username());

        assertThatThrownBy(
                () -> cab.recordVote(chair, meeting.id(), change.id(), approver3.username(), "approve", null))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("not recorded as present");
        assertThatThrownBy(() -> cab.recordVote(world.approver1, meeting.id(), change.id(), world.approver1.username(),
                "approve", null))
            .as("approvers vote; the chair records")
            .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> cab.recordVote(fixtures.world().changeManager, meeting.id(), change.id(),
                world.approver1.username(), "approve", null))
            .isInstanceOf(NotFoundException.class);

        Minutes.Item afterOne = cab.recordVote(chair, meeting.id(), change.id(), world.approver1.username(), "approve",
                null);
        assertThat(afterOne.open()).isTrue();
        assertThat(afterOne.quorum()).as("the DMN route: 2 of 3 for a high risk").isEqualTo(2);
        assertThat(afterOne.seats()).isEqualTo(3);
        assertThatThrownBy(
                () -> cab.recordVote(chair, meeting.id(), change.id(), world.approver1.username(), "approve", null))
            .as("the engine's four-eyes rule: one seat per person")
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("already voted");

        Minutes.Item decided = cab.recordVote(chair, meeting.id(), change.id(), world.approver2.username(), "approve",
                null);
        driver.runJobs(change.id());

        assertThat(decided.open()).isFalse();
        assertThat(decided.outcome()).isEqualTo("approved");
        assertThat(driver.tasks(change.id(), PatchChange.TASK_APPROVE_CHANGE)).as("the third seat is withdrawn")
            .isEmpty();
        List<AuditEvent> trail = audit.ofChange(change.id().value());
        assertThat(trail).anyMatch(e -> e.kind().equals("STATUS_APPROVED"));
        assertThat(trail)
            .anyMatch(e -> e.kind().equals("DECISION_CAB_VOTE") && e.actor().equals(world.approver2.username()));
        assertThat(trail).anyMatch(e -> e.kind().equals("CAB_VOTE_RECORDED") && e.actor().equals(chair.username())
                && e.detail().contains("recorded by " + chair.username() + " in CAB meeting " + meeting.id()));
        assertThat(approvals.decisions(change.id())).filteredOn(a -> a.step() == ApprovalStep.CAB_VOTE)
            .extracting(ApprovalRecord::decidedBy)
            .containsExactly(world.approver1.username(), world.approver2.username());
        assertThatThrownBy(
                () -> cab.recordVote(chair, meeting.id(), change.id(), approver3.username(), "approve", null))
            .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theRequestersOwnVoteIsRefusedAndNothingIsRecorded() {
        Actor requestingApprover = world.person("requesting-approver", Role.REQUESTER, Role.APPROVER);
        ChangeRequest own = changes.submit(requestingApprover, new SubmitChange(world.customer, "mine", null,
                List.of(fixtures.exploitedPatch("8.0")), world.assets("app1", "app2"), null, false, null));
        driver.runJobs(own.id());
        driver.complete(world.approver1, own.id(), PatchChange.TASK_REVIEW_TECHNICALLY, APPROVE_REVIEW);
        CabMeeting meeting = frozenMeeting();
        cab.addAttendee(world.changeManager, meeting.id(), requestingApprover.username());

        assertThatThrownBy(() -> cab.recordVote(world.changeManager, meeting.id(), own.id(),
                requestingApprover.username(), "approve", null))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("requested this change");

        assertThat(approvals.decisions(own.id())).noneMatch(a -> a.step() == ApprovalStep.CAB_VOTE);
        assertThat(driver.tasks(own.id(), PatchChange.TASK_APPROVE_CHANGE)).hasSize(3)
            .allMatch(t -> t.getAssignee() == null);
        assertThat(cab.minutes(world.changeManager, meeting.id()).items().get(0).votes()).isEmpty();
        assertThat(audit.ofChange(own.id().value())).noneMatch(e -> e.kind().equals("CAB_VOTE_RECORDED"));
    }

    @Test
    void theMinutesExportAsCsvThatParsesBackAndCannotRunInASpreadsheet() throws IOException {
        ChangeRequest change = waitingForCab();
        CabMeeting meeting = frozenMeeting();
        Actor chair = world.changeManager;
        for (Actor person : List.of(world.approver1, world.approver2, approver3)) {
            cab.addAttendee(chair, meeting.id(), person.username());
        }
        cab.recordVote(chair, meeting.id(), change.id(), world.approver1.username(), "reject", "=HYPERLINK(\"x\")");
        cab.recordVote(chair, meeting.id(), change.id(), world.approver2.username(), "approve", null);
        cab.recordVote(chair, meeting.id(), change.id(), approver3.username(), "approve", null);

        String csv = MinutesCsv.of(cab.minutes(chair, meeting.id()));

        List<CSVRecord> rows = CSVFormat.RFC4180.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(csv))
            .getRecords();
        assertThat(rows).filteredOn(r -> r.get("row").equals("attendee"))
            .extracting(r -> r.get("person"))
            .containsExactlyInAnyOrder(world.approver1.username(), world.approver2.username(), approver3.username());
        List<CSVRecord> votes = rows.stream().filter(r -> r.get("row").equals("vote")).toList();
        assertThat(votes).extracting(r -> r.get("person"), r -> r.get("decision"), r -> r.get("recorded_by"))
            .containsExactly(
                    org.assertj.core.groups.Tuple.tuple(world.approver1.username(), "reject", chair.username()),
                    org.assertj.core.groups.Tuple.tuple(world.approver2.username(), "approve", chair.username()),
                    org.assertj.core.groups.Tuple.tuple(approver3.username(), "approve", chair.username()));
        assertThat(votes.get(0).get("comment")).isEqualTo("'=HYPERLINK(\"x\")");
        assertThat(votes.get(0).get("change")).isEqualTo(change.id().toString());
        assertThat(rows).filteredOn(r -> r.get("row").equals("outcome")).singleElement().satisfies(r -> {
            assertThat(r.get("decision")).isEqualTo("approved");
            assertThat(r.get("comment")).isEqualTo("quorum 2 of 3 seats");
        });
    }

    @Test
    void aMeetingIsPlannedByAChangeManagerOfTheCustomerForATimeToCome() {
        Instant in2Days = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MINUTES);
        assertThatThrownBy(() -> cab.create(world.approver1, world.customer, in2Days.toString(), null))
            .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> cab.create(fixtures.world().changeManager, world.customer, in2Days.toString(), null))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("not in customer");
        assertThatThrownBy(() -> cab.create(world.changeManager, world.customer, in2Days.toString(),
                in2Days.plusSeconds(60).toString()))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("before the meeting");
        assertThatThrownBy(() -> cab.create(world.changeManager, world.customer,
                Instant.now().plus(Duration.ofHours(2)).toString(), null))
            .as("the default cut-off has passed")
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("has passed");
        assertThatThrownBy(() -> cab.create(world.changeManager, world.customer, "tomorrow", null))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("is not a date and time");
        CabMeeting planned = plan(Duration.ofDays(2), null);
        assertThatThrownBy(() -> cab.recordVote(world.changeManager, planned.id(), new io.patchflow.change.ChangeId(1),
                world.approver1.username(), "approve", null))
            .isInstanceOf(ConflictException.class)
            .hasMessageContaining("frozen at its cut-off");
        assertThat(cab.meetings(world.approver1)).extracting(CabMeeting::id).contains(planned.id());
        assertThat(cab.meetings(fixtures.world().approver1)).extracting(CabMeeting::id).doesNotContain(planned.id());
    }

    private ChangeRequest waitingForCab() {
        ChangeRequest change = driver.submit(world, List.of(fixtures.exploitedPatch("8.0")),
                world.assets("app1", "app2"), false, null);
        driver.complete(world.approver1, change.id(), PatchChange.TASK_REVIEW_TECHNICALLY, APPROVE_REVIEW);
        assertThat(driver.tasks(change.id(), PatchChange.TASK_APPROVE_CHANGE)).hasSize(3);
        return change;
    }

    private CabMeeting plan(Duration ahead, String cutOff) {
        Instant starts = Instant.now().plus(ahead).truncatedTo(ChronoUnit.MINUTES);
        return cab.create(world.changeManager, world.customer, starts.toString(), cutOff);
    }

    private CabMeeting frozenMeeting() {
        CabMeeting meeting = plan(Duration.ofDays(2), null);
        cab.freezeDue(meeting.cutOffAt());
        return cab.meeting(world.changeManager, meeting.id());
    }

    private List<String> agenda(CabMeeting meeting) {
        return cab.minutes(world.changeManager, meeting.id())
            .items()
            .stream()
            .map(i -> i.changeId().toString())
            .toList();
    }

}
