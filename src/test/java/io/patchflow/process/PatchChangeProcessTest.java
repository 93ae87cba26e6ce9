package io.patchflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.camunda.community.process_test_coverage.spring_test.common.ProcessEngineCoverageProperties;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageConfiguration;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageTestExecutionListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestExecutionListeners;

import io.patchflow.agent.AgentJobService;
import io.patchflow.agent.LeasedJob;
import io.patchflow.approval.ApprovalRecord;
import io.patchflow.approval.ApprovalService;
import io.patchflow.approval.ApprovalStep;
import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeOutcome;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeService;
import io.patchflow.change.ChangeStatus;
import io.patchflow.change.ChangeType;
import io.patchflow.change.RiskLevel;
import io.patchflow.changeview.ChangeDetailsService;
import io.patchflow.deployment.AssetState;
import io.patchflow.deployment.DeploymentState;
import io.patchflow.inbox.InboxItem;
import io.patchflow.inbox.InboxService;
import io.patchflow.inbox.InboxTask;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchChange.BackupResolution;
import io.patchflow.process.model.PatchChange.BlackoutDecision;
import io.patchflow.process.model.PatchChange.CabVote;
import io.patchflow.process.model.PatchChange.EmergencyDecision;
import io.patchflow.process.model.PatchChange.GateDecision;
import io.patchflow.process.model.PatchChange.RetrospectiveDecision;
import io.patchflow.process.model.PatchChange.ReviewConclusion;
import io.patchflow.process.model.PatchChange.ReviewDecision;
import io.patchflow.process.model.PatchProposals;
import io.patchflow.risk.RiskAssessment;
import io.patchflow.schedule.Blackout;
import io.patchflow.schedule.ChangeConflict;
import io.patchflow.schedule.ScheduleService;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.testsupport.Fixtures;
import io.patchflow.testsupport.ProcessDriver;
import io.patchflow.ticketing.Ticket;
import io.patchflow.ticketing.TicketService;

/**
 * One scenario per path through bpmn/patch-change.bpmn. Jobs, timers, people and agents
 * are driven by hand; services and the database are real. Process coverage is asserted
 * for the class.
 */
@SpringBootTest
@ActiveProfiles("test")
@Import({ ProcessEngineCoverageConfiguration.class, PatchChangeProcessTest.Coverage.class })
@TestExecutionListeners(value = ProcessEngineCoverageTestExecutionListener.class,
        mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
class PatchChangeProcessTest {

    @TestConfiguration
    static class Coverage {

        // Primary: ProcessEngineCoverageConfiguration registers a default bean too, and
        // the listener looks the properties up by type; with two candidates and no
        // primary it silently falls back to no gate at all.
        @Bean
        @org.springframework.context.annotation.Primary
        ProcessEngineCoverageProperties processEngineCoverageProperties() {
            return ProcessEngineCoverageProperties.builder()
                .assertClassCoverageAtLeast(0.9)
                .excludeProcessDefinitionKeys(PatchProposals.PROCESS_KEY)
                .build();
        }

    }

    private static final Map<String, Object> APPROVE_REVIEW = Map.of(PatchChange.VAR_REVIEW_DECISION,
            ReviewDecision.APPROVE);

    private static final Map<String, Object> APPROVE_VOTE = Map.of(PatchChange.VAR_CAB_VOTE, CabVote.APPROVE);

    @Autowired
    ProcessEngine engine;

    @Autowired
    Fixtures fixtures;

    @Autowired
    ProcessDriver driver;

    @Autowired
    ChangeService changes;

    @Autowired
    ChangeDetailsService changeDetails;

    @Autowired
    DeploymentState deployment;

    @Autowired
    ApprovalService approvals;

    @Autowired
    AuditTrail audit;

    @Autowired
    TicketService tickets;

    @Autowired
    InboxService inbox;

    @Autowired
    AgentJobService agentJobs;

    @Autowired
    io.patchflow.policy.Policies policies;

    @Autowired
    TaskService taskService;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ScheduleService schedule;

    Fixtures.World world;

    @BeforeEach
    void newWorld() {
        AbstractAssertions.init(engine);
        world = fixtures.world();
    }

    // --- standard ---

    @Test
    void standardChangeIsPreApprovedDeployedAndClosedWithoutAnyPerson() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("ws2", Criticality.LOW, Exposure.INTERNAL, 1);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1", "ws2"),
                false, null);
        ProcessInstance process = driver.instance(change.id());

        assertThat(driver.change(change.id()).changeType()).isEqualTo(ChangeType.STANDARD);
        assertThat(driver.change(change.id()).riskLevel()).isEqualTo(RiskLevel.LOW);
        assertThat(process).isWaitingAt(PatchChange.TASK_AWAIT_WAVE);
        driver.agentsSucceed(world, change.id(), "ws1");
        assertThat(process).isWaitingAt(PatchChange.TIMER_BAKE_TIME);
        driver.fireTimer(change.id(), PatchChange.TIMER_BAKE_TIME);
        assertThat(process).isWaitingAt(PatchChange.TASK_AWAIT_WAVE);
        driver.agentsSucceed(world, change.id(), "ws2");
        driver.agentsSucceed(world, change.id(), "ws1", "ws2");

        assertThat(process).isEnded()
            .hasPassedInOrder(PatchChange.TASK_ASSESS_RISK, PatchChange.TASK_RECORD_PRE_APPROVAL,
                    PatchChange.TASK_SCHEDULE_CHANGE, PatchChange.TIMER_WINDOW_OPENS, PatchChange.TASK_START_DEPLOYMENT,
                    PatchChange.TASK_DISPATCH_WAVE, PatchChange.TASK_REQUEST_VERIFICATION,
                    PatchChange.TASK_RECORD_AUTOMATIC_REVIEW, PatchChange.TASK_CLOSE_CHANGE,
                    PatchChange.TASK_NOTE_CLOSURE, PatchChange.END_EVENT_CHANGE_CLOSED);
        assertThat(process).hasNotPassed(PatchChange.TASK_REQUEST_BACKUPS, PatchChange.TASK_REVIEW_TECHNICALLY);
        ChangeRequest closed = driver.change(change.id());
        assertThat(closed.status()).isEqualTo(ChangeStatus.CLOSED);
        assertThat(closed.outcome()).isEqualTo(ChangeOutcome.SUCCESSFUL);
        assertThat(deployment.countByState(change.id())).containsExactlyEntriesOf(Map.of(AssetState.SUCCEEDED, 2));
        assertThat(approvals.decisions(change.id())).extracting(ApprovalRecord::step)
            .containsExactly(ApprovalStep.PRE_APPROVAL);
        assertThat(notes(change)).containsExactly("SUBMITTED", "ASSESSED", "APPROVED", "SCHEDULED",
                "DEPLOYMENT_STARTED", "SUCCEEDED", "CHANGE_CLOSED");
        // every round of ticket notes is in the trail, after what it tells of
        assertThat(auditKinds(change)).containsSubsequence("CHANGE_SUBMITTED", "TICKET_LINKED", "TICKETS_NOTED",
                "RISK_ASSESSED", "TICKETS_NOTED", "STATUS_APPROVED", "TICKETS_NOTED", "STATUS_SCHEDULED",
                "TICKETS_NOTED", "STATUS_DEPLOYING", "TICKETS_NOTED", "OUTCOME_SUCCESSFUL", "TICKETS_NOTED",
                "CHANGE_CLOSED", "TICKETS_NOTED");
        assertThat(auditKinds(change)).filteredOn("TICKETS_NOTED"::equals).hasSize(7);
    }

    // --- explained risk ---

    @Test
    void knownExploitedPatchIsExplainedFactorByFactorAndDueByTheCatalogsDate() {
        world.asset("web1", Criticality.HIGH, Exposure.INTERNET_FACING, 0);
        long patch = fixtures.exploitedPatch("9.1");
        String cve = jdbc.sql("SELECT cve_id FROM patch_cve WHERE patch_id = ?")
            .param(patch)
            .query(String.class)
            .single();
        java.time.LocalDate due = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1);
        jdbc.sql(
                "INSERT INTO kev_entry(cve_id, vendor_project, product, vulnerability_name, date_added, short_description, "
                        + "required_action, due_date, known_ransomware) VALUES (?,?,?,?,?,?,?,?,?)")
            .params(cve, "Test", "pkg", "test flaw", java.sql.Date.valueOf(due.minusDays(20)), "a test flaw",
                    "patch it", java.sql.Date.valueOf(due), "Known")
            .update();
        jdbc.sql("INSERT INTO epss_score(cve_id, epss, percentile, score_date, model_version) VALUES (?,?,?,?,?)")
            .params(cve, new java.math.BigDecimal("0.94100"), new java.math.BigDecimal("0.99900"),
                    java.sql.Date.valueOf(due.minusDays(1)), "v2025.03.14")
            .update();

        ChangeRequest change = driver.submit(world, List.of(patch), world.assets("web1"), false, null);

        RiskAssessment assessment = changeDetails.details(world.requester, change.id()).assessment();
        // 40 known exploited + 10 ransomware + 55 CVSS 9.1 + 15 EPSS 0.94 + 15
        // internet-facing + 10 important asset + 5 low downtime tolerance (the
        // inventory's default)
        assertThat(assessment.scoreFactors()).extracting(RiskAssessment.Rule::ruleId, RiskAssessment.Rule::points)
            .containsExactly(tuple("Rule_risk_score_1", 0), tuple("Rule_risk_score_2", 40),
                    tuple("Rule_risk_score_3", 10), tuple("Rule_risk_score_4", 55), tuple("Rule_risk_score_8", 15),
                    tuple("Rule_risk_score_10", 15), tuple("Rule_risk_score_12", 10), tuple("Rule_risk_score_15", 5));
        assertThat(assessment.result().riskScore()).isEqualTo(150);
        assertThat(assessment.decidingRules()).extracting(RiskAssessment.Rule::decisionKey, RiskAssessment.Rule::ruleId)
            .containsExactly(tuple("risk-level", "Rule_risk_level_1"), tuple("change-type", "Rule_change_type_2"),
                    tuple("backup-requirement", "Rule_backup_requirement_3"),
                    tuple("approval-routing", "Rule_approval_routing_2"), tuple("sla-deadline", "Rule_sla_deadline_1"));
        assertThat(assessment.decidingRules().get(1).description()).isEqualTo("Critical and exploited: patch now");
        assertThat(assessment.scoreFactors().get(1).description()).isEqualTo("Known exploited in the wild (CISA KEV)");
        assertThat(assessment.facts().kevDueDate()).isEqualTo(due);
        assertThat(assessment.facts().knownRansomware()).isTrue();
        assertThat(assessment.result().slaBand()).isEqualTo("KNOWN_EXPLOITED");
        assertThat(assessment.result().slaDueAt())
            .isEqualTo(due.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        assertThat(assessment.result().slaBasis()).startsWith("CISA KEV due date " + due);
        assertThat(driver.change(change.id()).changeType()).isEqualTo(ChangeType.EMERGENCY);
        assertThat(jdbc.sql("SELECT sla_band FROM change_request WHERE id = ?")
            .param(change.id().value())
            .query(String.class)
            .single()).isEqualTo("KNOWN_EXPLOITED");
    }

    // --- normal ---

    @Test
    void normalChangeIsReviewedVotedOnByQuorumAndDeployedInWaves() {
        highRiskAssets();
        ChangeRequest change = driver.submit(world, List.of(fixtures.exploitedPatch("8.0")),
                world.assets("app1", "app2"), false, null);
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt(PatchChange.TASK_REVIEW_TECHNICALLY);
        assertThat(driver.change(change.id()).riskLevel()).isEqualTo(RiskLevel.HIGH);
        assertThat(driver.change(change.id()).status()).isEqualTo(ChangeStatus.AWAITING_APPROVAL);

        driver.complete(world.approver1, change.id(), PatchChange.TASK_REVIEW_TECHNICALLY, APPROVE_REVIEW);
        assertThat(driver.tasks(change.id(), PatchChange.TASK_APPROVE_CHANGE)).hasSize(3);
        driver.complete(world.approver1, change.id(), PatchChange.TASK_APPROVE_CHANGE, APPROVE_VOTE);
        assertThat(process).isWaitingAt(PatchChange.TASK_APPROVE_CHANGE);
        driver.complete(world.approver2, change.id(), PatchChange.TASK_APPROVE_CHANGE, APPROVE_VOTE);

        // two of three seats approved: the third seat is withdrawn and the backups are
        // verified
        assertThat(driver.tasks(change.id(), PatchChange.TASK_APPROVE_CHANGE)).isEmpty();
        assertThat(process).isWaitingAt(PatchChange.TASK_AWAIT_BACKUPS).hasPassed(PatchChange.TASK_RECORD_APPROVAL);
        assertThat(audit.ofChange(change.id().value())).anyMatch(e -> e.kind().equals("STATUS_APPROVED"));
        deployEverything(change, "app1", "app2");

        assertThat(process).isEnded()
            .hasPassed(PatchChange.TASK_REQUEST_BACKUPS, PatchChange.TASK_EVALUATE_BACKUPS,
                    PatchChange.TASK_EVALUATE_WAVE_GATE);
        assertThat(driver.change(change.id()).outcome()).isEqualTo(ChangeOutcome.SUCCESSFUL);
        assertThat(approvals.decisions(change.id())).extracting(ApprovalRecord::step, ApprovalRecord::decidedBy)
            .containsExactly(
                    org.assertj.core.groups.Tuple.tuple(ApprovalStep.TECHNICAL_REVIEW, world.approver1.username()),
                    org.assertj.core.groups.Tuple.tuple(ApprovalStep.CAB_VOTE, world.approver1.username()),
                    org.assertj.core.groups.Tuple.tuple(ApprovalStep.CAB_VOTE, world.approver2.username()));
    }

    @Test
    void normalChangeRejectedInReviewClosesAsRejectedWithoutDeployment() {
        mediumRiskAssets();
        ChangeRequest change = driver.submit(world, List.of(fixtures.mediumPatch()), world.assets("lab1"), false, null);
        inbox.complete(world.approver1, driver.taskId(change.id(), PatchChange.TASK_REVIEW_TECHNICALLY), Map
            .of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.REJECT, PatchChange.VAR_REVIEW_COMMENT, "not now"));

        // closed in the rejecting person's own transaction, not by a later job
        assertThat(driver.change(change.id()).status()).isEqualTo(ChangeStatus.CLOSED);
        driver.runJobs(change.id());
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isEnded()
            .hasPassed(PatchChange.TASK_RECORD_REJECTION, PatchChange.END_EVENT_REJECTED, PatchChange.TASK_CLOSE_CHANGE)
            .hasNotPassed(PatchChange.TASK_START_DEPLOYMENT, PatchChange.TASK_APPROVE_CHANGE);
        ChangeRequest closed = driver.change(change.id());
        assertThat(closed.outcome()).isEqualTo(ChangeOutcome.REJECTED);
        assertThat(closed.status()).isEqualTo(ChangeStatus.CLOSED);
        assertThat(agentJobCount(change)).isZero();
    }

    @Test
    void cabRejectsWhenTheQuorumCanNoLongerBeReached() {
        highRiskAssets();
        ChangeRequest change = driver.submit(world, List.of(fixtures.exploitedPatch("7.5")), world.assets("app1"),
                false, null);
        driver.complete(world.approver1, change.id(), PatchChange.TASK_REVIEW_TECHNICALLY, APPROVE_REVIEW);
        driver.complete(world.approver1, change.id(), PatchChange.TASK_APPROVE_CHANGE,
                Map.of(PatchChange.VAR_CAB_VOTE, CabVote.REJECT, PatchChange.VAR_CAB_COMMENT, "no rollback plan"));
        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TASK_APPROVE_CHANGE);
        driver.complete(world.approver2, change.id(), PatchChange.TASK_APPROVE_CHANGE,
                Map.of(PatchChange.VAR_CAB_VOTE, CabVote.REJECT, PatchChange.VAR_CAB_COMMENT, "too risky"));

        assertThat(driver.change(change.id()).outcome()).isEqualTo(ChangeOutcome.REJECTED);
        assertThat(historicProcess(change)).hasPassed(PatchChange.GATEWAY_CAB_DECISION,
                PatchChange.TASK_RECORD_REJECTION);
    }

    @Test
    void needsInformationLoopsBackToTheRequesterAndReassesses() {
        mediumRiskAssets();
        ChangeRequest change = driver.submit(world, List.of(fixtures.mediumPatch()), world.assets("lab1"), false, null);
        driver.complete(world.approver1, change.id(), PatchChange.TASK_REVIEW_TECHNICALLY,
                Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.NEEDS_INFO, PatchChange.VAR_REVIEW_COMMENT,
                        "which services restart?"));

        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt(PatchChange.TASK_PROVIDE_INFORMATION);
        assertThat(driver.change(change.id()).status()).isEqualTo(ChangeStatus.NEEDS_INFORMATION);
        assertThat(taskService.createTaskQuery()
            .taskId(driver.taskId(change.id(), PatchChange.TASK_PROVIDE_INFORMATION))
            .singleResult()
            .getAssignee()).isEqualTo(world.requester.username());

        driver.complete(world.requester, change.id(), PatchChange.TASK_PROVIDE_INFORMATION,
                Map.of(PatchChange.VAR_INFORMATION, "only the app server"));
        assertThat(process).isWaitingAt(PatchChange.TASK_REVIEW_TECHNICALLY);
        assertThat(engine.getRuntimeService().getVariable(process.getId(), PatchChange.VAR_APPROVAL_ROUND))
            .isEqualTo(2);

        // the CAB can ask too
        driver.complete(world.approver1, change.id(), PatchChange.TASK_REVIEW_TECHNICALLY, APPROVE_REVIEW);
        driver.complete(world.approver2, change.id(), PatchChange.TASK_APPROVE_CHANGE,
                Map.of(PatchChange.VAR_CAB_VOTE, CabVote.NEEDS_INFO, PatchChange.VAR_CAB_COMMENT, "who is on call?"));
        assertThat(process).isWaitingAt(PatchChange.TASK_PROVIDE_INFORMATION);
        driver.complete(world.requester, change.id(), PatchChange.TASK_PROVIDE_INFORMATION,
                Map.of(PatchChange.VAR_INFORMATION, "see runbook"));
        assertThat(engine.getRuntimeService().getVariable(process.getId(), PatchChange.VAR_APPROVAL_ROUND))
            .isEqualTo(3);
        assertThat(audit.ofChange(change.id().value())).filteredOn(e -> e.kind().equals("RISK_ASSESSED")).hasSize(3);
    }

    // --- emergency ---

    @Test
    void emergencyChangeSkipsTheWindowButNeedsRetrospectiveReview() {
        world.asset("web1", Criticality.HIGH, Exposure.INTERNET_FACING, 0, outsideWindow());
        ChangeRequest change = driver.submit(world, List.of(fixtures.exploitedPatch("9.1")), world.assets("web1"),
                false, null);
        ProcessInstance process = driver.instance(change.id());
        assertThat(driver.change(change.id()).changeType()).isEqualTo(ChangeType.EMERGENCY);
        assertThat(process).isWaitingAt(PatchChange.TASK_APPROVE_EMERGENCY);
        assertThat(taskService.createTaskQuery()
            .taskId(driver.taskId(change.id(), PatchChange.TASK_APPROVE_EMERGENCY))
            .singleResult()
            .getDueDate()).isBefore(java.util.Date.from(Instant.now().plus(Duration.ofHours(2)).plusSeconds(60)));

        driver.complete(world.changeManager, change.id(), PatchChange.TASK_APPROVE_EMERGENCY,
                Map.of(PatchChange.VAR_EMERGENCY_DECISION, EmergencyDecision.APPROVE));
        // no wait for the (closed) maintenance window
        assertThat(process).isWaitingAt(PatchChange.TASK_AWAIT_BACKUPS);
        assertThat(driver.change(change.id()).scheduledStart().toInstant()).isBetween(Instant.now().minusSeconds(60),
                Instant.now());
        deployEverything(change, "web1");
        assertThat(process).isWaitingAt(PatchChange.TASK_REVIEW_RETROSPECTIVELY);
        driver.complete(world.approver1, change.id(), PatchChange.TASK_REVIEW_RETROSPECTIVELY,
                Map.of(PatchChange.VAR_RETROSPECTIVE_DECISION, RetrospectiveDecision.ENDORSE,
                        PatchChange.VAR_RETROSPECTIVE_COMMENT, "justified: exploited in the wild"));

        // the emergency passed scheduling, which started it at once, window closed or not
        assertThat(process).isEnded()
            .hasPassedInOrder(PatchChange.TASK_APPROVE_EMERGENCY, PatchChange.TASK_SCHEDULE_CHANGE,
                    PatchChange.TIMER_WINDOW_OPENS, PatchChange.TASK_REQUEST_BACKUPS);
        assertThat(driver.change(change.id()).outcome()).isEqualTo(ChangeOutcome.SUCCESSFUL);
        assertThat(approvals.decisions(change.id())).extracting(ApprovalRecord::step)
            .containsExactly(ApprovalStep.EMERGENCY_APPROVAL, ApprovalStep.RETROSPECTIVE_REVIEW);
    }

    @Test
    void failedEmergencyChangeGetsTheRetrospectiveAndTheImplementationReview() {
        world.asset("web1", Criticality.HIGH, Exposure.INTERNET_FACING, 0);
        ChangeRequest change = driver.submit(world, List.of(fixtures.exploitedPatch("9.8")), world.assets("web1"),
                false, null);
        driver.complete(world.changeManager, change.id(), PatchChange.TASK_APPROVE_EMERGENCY,
                Map.of(PatchChange.VAR_EMERGENCY_DECISION, EmergencyDecision.APPROVE));
        assertThat(driver.change(change.id()).status()).isIn(ChangeStatus.APPROVED, ChangeStatus.VERIFYING_BACKUPS);
        driver.agentAnswers(world, change.id(), "web1", true); // backup
        driver.agentAnswers(world, change.id(), "web1", false); // install fails
        driver.complete(world.changeManager, change.id(), PatchChange.TASK_DECIDE_WAVE_GATE,
                Map.of(PatchChange.VAR_GATE_DECISION, GateDecision.ROLL_BACK, PatchChange.VAR_GATE_COMMENT,
                        "broke the portal"));
        driver.agentAnswers(world, change.id(), "web1", true); // rollback

        ProcessInstance process = driver.instance(change.id());
        assertThat(driver.change(change.id()).outcome()).isEqualTo(ChangeOutcome.ROLLED_BACK);
        driver.complete(world.approver1, change.id(), PatchChange.TASK_REVIEW_RETROSPECTIVELY,
                Map.of(PatchChange.VAR_RETROSPECTIVE_DECISION, RetrospectiveDecision.ENDORSE,
                        PatchChange.VAR_RETROSPECTIVE_COMMENT, "right call, bad patch"));
        assertThat(process).isWaitingAt(PatchChange.TASK_REVIEW_IMPLEMENTATION);
        driver.complete(world.changeManager, change.id(), PatchChange.TASK_REVIEW_IMPLEMENTATION,
                Map.of(PatchChange.VAR_REVIEW_CONCLUSION, ReviewConclusion.FOLLOW_UP, PatchChange.VAR_REVIEW_FINDINGS,
                        "vendor fix pending"));
        assertThat(process).isEnded();
        assertThat(approvals.decisions(change.id())).extracting(ApprovalRecord::step)
            .containsExactly(ApprovalStep.EMERGENCY_APPROVAL, ApprovalStep.WAVE_GATE, ApprovalStep.RETROSPECTIVE_REVIEW,
                    ApprovalStep.IMPLEMENTATION_REVIEW);
    }

    @Test
    void emergencyApproverMayRejectOrAskForInformation() {
        world.asset("web1", Criticality.HIGH, Exposure.INTERNET_FACING, 0);
        ChangeRequest asked = driver.submit(world, List.of(fixtures.exploitedPatch("9.8")), world.assets("web1"), false,
                null);
        driver.complete(world.changeManager, asked.id(), PatchChange.TASK_APPROVE_EMERGENCY,
                Map.of(PatchChange.VAR_EMERGENCY_DECISION, EmergencyDecision.NEEDS_INFO,
                        PatchChange.VAR_EMERGENCY_COMMENT, "is it exploited here?"));
        assertThat(driver.instance(asked.id())).isWaitingAt(PatchChange.TASK_PROVIDE_INFORMATION);

        ChangeRequest rejected = driver.submit(world, List.of(fixtures.exploitedPatch("9.8")), world.assets("web1"),
                false, null);
        driver.complete(world.changeManager, rejected.id(), PatchChange.TASK_APPROVE_EMERGENCY,
                Map.of(PatchChange.VAR_EMERGENCY_DECISION, EmergencyDecision.REJECT, PatchChange.VAR_EMERGENCY_COMMENT,
                        "not an emergency"));
        assertThat(driver.change(rejected.id()).outcome()).isEqualTo(ChangeOutcome.REJECTED);
    }

    @Test
    void requestedEmergencyIsRoutedAsEmergencyWhateverTheRisk() {
        mediumRiskAssets();
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("lab1"), true,
                null);
        assertThat(driver.change(change.id()).changeType()).isEqualTo(ChangeType.EMERGENCY);
        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TASK_APPROVE_EMERGENCY);
    }

    // --- escalation ---

    @Test
    void overdueApprovalsEscalateByTimer() {
        highRiskAssets();
        Actor otherManager = world.person("manager2", Role.CHANGE_MANAGER);
        ChangeRequest change = driver.submit(world, List.of(fixtures.exploitedPatch("8.8")), world.assets("app1"),
                false, null);
        assertThat(driver.timer(change.id(), PatchChange.TIMER_REVIEW_OVERDUE).getDuedate())
            .isAfter(java.util.Date.from(Instant.now().plus(Duration.ofHours(23))));
        assertThat(visibleTaskKeys(otherManager)).doesNotContain(PatchChange.TASK_REVIEW_TECHNICALLY);

        driver.fireTimer(change.id(), PatchChange.TIMER_REVIEW_OVERDUE);

        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TASK_REVIEW_TECHNICALLY)
            .hasPassed(PatchChange.TASK_ESCALATE_REVIEW);
        assertThat(visibleTaskKeys(otherManager)).contains(PatchChange.TASK_REVIEW_TECHNICALLY);
        assertThat(audit.ofChange(change.id().value())).anyMatch(e -> e.kind().equals("APPROVAL_ESCALATED"));
        assertThat(notes(change)).contains("APPROVAL_ESCALATED");

        // the change manager may now decide in the approvers' place; the CAB escalates
        // the same way
        driver.complete(otherManager, change.id(), PatchChange.TASK_REVIEW_TECHNICALLY, APPROVE_REVIEW);
        driver.fireTimer(change.id(), PatchChange.TIMER_CAB_OVERDUE);
        assertThat(historicProcess(change)).hasPassed(PatchChange.TASK_ESCALATE_CAB_VOTE);
        assertThat(visibleTaskKeys(otherManager)).contains(PatchChange.TASK_APPROVE_CHANGE);
    }

    @Test
    void overdueEmergencyApprovalEscalatesToTheApprovers() {
        world.asset("web1", Criticality.HIGH, Exposure.INTERNET_FACING, 0);
        ChangeRequest change = driver.submit(world, List.of(fixtures.exploitedPatch("9.8")), world.assets("web1"),
                false, null);
        assertThat(visibleTaskKeys(world.approver1)).doesNotContain(PatchChange.TASK_APPROVE_EMERGENCY);
        driver.fireTimer(change.id(), PatchChange.TIMER_EMERGENCY_OVERDUE);
        assertThat(historicProcess(change)).hasPassed(PatchChange.TASK_ESCALATE_EMERGENCY_APPROVAL);
        assertThat(visibleTaskKeys(world.approver1)).contains(PatchChange.TASK_APPROVE_EMERGENCY);
    }

    // --- window ---

    @Test
    void changeWaitsForTheMaintenanceWindow() {
        Long window = outsideWindow();
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0, window);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false,
                null);
        ProcessInstance process = driver.instance(change.id());

        assertThat(process).isWaitingAt(PatchChange.TIMER_WINDOW_OPENS);
        ChangeRequest scheduled = driver.change(change.id());
        assertThat(scheduled.status()).isEqualTo(ChangeStatus.SCHEDULED);
        assertThat(scheduled.scheduledStart().toInstant()).isAfter(Instant.now());
        assertThat(driver.timer(change.id(), PatchChange.TIMER_WINDOW_OPENS).getDuedate().toInstant())
            .isEqualTo(scheduled.scheduledStart().toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(agentJobCount(change)).isZero();

        driver.fireTimer(change.id(), PatchChange.TIMER_WINDOW_OPENS);
        assertThat(process).isWaitingAt(PatchChange.TASK_AWAIT_WAVE);
    }

    @Test
    void changeWhoseWindowsNeverOverlapIsRefusedAtSubmission() {
        ZonedDateTime now = ZonedDateTime.now(ZoneId.of("UTC"));
        world.asset("mon", Criticality.LOW, Exposure.INTERNAL, 0, world.window(ZoneId.of("UTC"),
                EnumSet.of(now.plusDays(2).getDayOfWeek()), LocalTime.of(1, 0), Duration.ofHours(1)));
        world.asset("tue", Criticality.LOW, Exposure.INTERNAL, 0, world.window(ZoneId.of("UTC"),
                EnumSet.of(now.plusDays(3).getDayOfWeek()), LocalTime.of(1, 0), Duration.ofHours(1)));
        long before = jdbc.sql("SELECT COUNT(*) FROM change_request").query(Long.class).single();

        assertThatThrownBy(() -> driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("mon", "tue"),
                false, null))
            .isInstanceOf(io.patchflow.shared.InvalidInputException.class)
            .hasMessageContaining("never open at the same time")
            .extracting(e -> ((io.patchflow.shared.InvalidInputException) e).field())
            .isEqualTo("assetIds");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM change_request").query(Long.class).single()).isEqualTo(before);
        // an emergency does not wait for windows
        ChangeRequest emergency = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("mon", "tue"),
                true, null);
        assertThat(driver.instance(emergency.id())).isWaitingAt(PatchChange.TASK_APPROVE_EMERGENCY);
    }

    @Test
    void installsOutsideTheWindowAreDeferredByTheAgentApiEvenWhenTheProcessHasStarted() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0, outsideWindow());
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false,
                null);
        driver.fireTimer(change.id(), PatchChange.TIMER_WINDOW_OPENS); // as if the clocks
                                                                       // disagreed
        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TASK_AWAIT_WAVE);

        AgentJobService.Lease lease = driver.agentLease(world, "ws1");
        assertThat(lease.jobs()).isEmpty();
        assertThat(lease.deferred()).singleElement().satisfies(deferred -> {
            assertThat(deferred.type()).isEqualTo("INSTALL");
            assertThat(deferred.changeId()).isEqualTo(change.id().toString());
            assertThat(deferred.reason()).startsWith("outside maintenance window");
            assertThat(deferred.notBefore()).isAfter(OffsetDateTime.now());
        });
        assertThat(agentJobs(change, "INSTALL")).containsExactly("QUEUED");
    }

    @Test
    void hardBlackoutIsSkippedWithoutAskingAnyone() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0);
        Instant ends = Instant.now().plus(Duration.ofHours(30)).truncatedTo(ChronoUnit.SECONDS);
        world.blackout("year-end freeze", Instant.now().minus(Duration.ofHours(1)), ends, Blackout.Kind.HARD);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false,
                null);

        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TIMER_WINDOW_OPENS)
            .hasNotPassed(PatchChange.TASK_APPROVE_BLACKOUT_DEPLOYMENT);
        assertThat(driver.change(change.id()).scheduledStart().toInstant()).isEqualTo(ends);
    }

    @Test
    void agentsDeferInstallsDuringAHardBlackoutDeclaredAfterScheduling() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false,
                null);
        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TASK_AWAIT_WAVE);
        Instant ends = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        world.blackout("incident freeze", Instant.now().minusSeconds(5), ends, Blackout.Kind.HARD);

        AgentJobService.Lease lease = driver.agentLease(world, "ws1");
        assertThat(lease.jobs()).isEmpty();
        assertThat(lease.deferred()).singleElement().satisfies(deferred -> {
            assertThat(deferred.reason()).isEqualTo("hard blackout 'incident freeze' until " + ends);
            assertThat(deferred.notBefore().toInstant()).isEqualTo(ends);
        });
    }

    @Test
    void softBlackoutNeedsAChangeManagerToDeployInIt() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0);
        world.blackout("quarter close", Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofHours(5)), Blackout.Kind.SOFT);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false,
                null);
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt(PatchChange.TASK_APPROVE_BLACKOUT_DEPLOYMENT);
        assertThat(visibleTaskKeys(world.requester)).doesNotContain(PatchChange.TASK_APPROVE_BLACKOUT_DEPLOYMENT);

        driver.complete(world.changeManager, change.id(), PatchChange.TASK_APPROVE_BLACKOUT_DEPLOYMENT,
                Map.of(PatchChange.VAR_BLACKOUT_DECISION, BlackoutDecision.APPROVE, PatchChange.VAR_BLACKOUT_COMMENT,
                        "customer asked for it despite the close"));

        assertThat(process).isWaitingAt(PatchChange.TASK_AWAIT_WAVE);
        assertThat(driver.change(change.id()).scheduledStart().toInstant()).isBefore(Instant.now());
        assertThat(approvals.decisions(change.id())).extracting(ApprovalRecord::step)
            .containsExactly(ApprovalStep.PRE_APPROVAL, ApprovalStep.BLACKOUT_APPROVAL);
        // soft blackouts do not stop agents: the change manager approved
        assertThat(driver.agentLease(world, "ws1").jobs()).singleElement()
            .extracting(LeasedJob::type)
            .isEqualTo("INSTALL");
    }

    @Test
    void postponingOutOfASoftBlackoutSchedulesAfterIt() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0);
        Instant ends = Instant.now().plus(Duration.ofHours(5)).truncatedTo(ChronoUnit.SECONDS);
        world.blackout("quarter close", Instant.now().minus(Duration.ofHours(1)), ends, Blackout.Kind.SOFT);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false,
                null);

        driver.complete(world.changeManager, change.id(), PatchChange.TASK_APPROVE_BLACKOUT_DEPLOYMENT,
                Map.of(PatchChange.VAR_BLACKOUT_DECISION, BlackoutDecision.POSTPONE, PatchChange.VAR_BLACKOUT_COMMENT,
                        "wait for the close"));

        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt(PatchChange.TIMER_WINDOW_OPENS);
        assertThat(driver.change(change.id()).scheduledStart().toInstant()).isEqualTo(ends);
        assertThat(driver.tasks(change.id(), PatchChange.TASK_APPROVE_BLACKOUT_DEPLOYMENT)).isEmpty();
    }

    @Test
    void aChangeOnAssetsAnotherChangeHoldsIsPostponedToTheNextFreeOpening() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0, outsideWindow());
        ChangeRequest first = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false,
                null);
        ChangeRequest second = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false,
                null);

        Instant firstStart = driver.change(first.id()).scheduledStart().toInstant();
        Instant secondStart = driver.change(second.id()).scheduledStart().toInstant();
        // the window opens one hour a week: the second change takes next week's opening
        assertThat(secondStart).isEqualTo(firstStart.plus(Duration.ofDays(7)));
        assertThat(changeDetails.details(world.changeManager, second.id()).conflicts()).singleElement()
            .satisfies(conflict -> {
                assertThat(conflict.otherChange()).isEqualTo(first.id());
                assertThat(conflict.sharedAssets()).isEqualTo(1);
                assertThat(conflict.resolution()).isEqualTo("POSTPONED");
            });
        assertThat(conflictsOf(first)).isEmpty();
    }

    @Test
    void anEmergencyOverridesAnotherChangesSlotAndSaysSo() {
        world.asset("web1", Criticality.LOW, Exposure.INTERNAL, 0, outsideWindow());
        ChangeRequest planned = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("web1"), false,
                null);
        assertThat(driver.instance(planned.id())).isWaitingAt(PatchChange.TIMER_WINDOW_OPENS);
        world.blackout("freeze", Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)),
                Blackout.Kind.HARD);
        ChangeRequest emergency = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("web1"), true,
                null);
        driver.complete(world.changeManager, emergency.id(), PatchChange.TASK_APPROVE_EMERGENCY,
                Map.of(PatchChange.VAR_EMERGENCY_DECISION, EmergencyDecision.APPROVE));

        assertThat(driver.instance(emergency.id())).isWaitingAt(PatchChange.TASK_AWAIT_WAVE);
        assertThat(conflictsOf(emergency)).singleElement().satisfies(conflict -> {
            assertThat(conflict.otherChange()).isEqualTo(planned.id());
            assertThat(conflict.resolution()).isEqualTo("OVERRIDDEN");
        });
        assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE change_id = ? AND kind = 'BLACKOUT_OVERRIDDEN'")
            .param(emergency.id().value())
            .query(String.class)
            .list()).containsExactly("emergency change during hard blackout 'freeze'");
        // the agent takes the emergency's install although a hard blackout is on and the
        // window is closed
        AgentJobService.Lease lease = driver.agentLease(world, "web1");
        assertThat(lease.jobs()).extracting(LeasedJob::type, LeasedJob::changeId)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("INSTALL", emergency.id().toString()));
        assertThat(lease.deferred()).isEmpty();
    }

    // --- backups ---

    @Test
    void failedBackupIsRetriedForTheFailedAssetsOnly() {
        highRiskAssets();
        ChangeRequest change = approvedHighRiskChange("app1", "app2");
        driver.agentAnswers(world, change.id(), "app1", true);
        driver.agentAnswers(world, change.id(), "app2", false);
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt(PatchChange.TASK_RESOLVE_BACKUP_FAILURE);
        assertThat(driver.change(change.id()).status()).isEqualTo(ChangeStatus.BACKUP_FAILED);

        driver.complete(world.changeManager, change.id(), PatchChange.TASK_RESOLVE_BACKUP_FAILURE,
                Map.of(PatchChange.VAR_BACKUP_RESOLUTION, BackupResolution.RETRY, PatchChange.VAR_BACKUP_COMMENT,
                        "the repository was full; freed space"));
        assertThat(process).isWaitingAt(PatchChange.TASK_AWAIT_BACKUPS);
        assertThat(driver.agentLeasesSilently(world, "app1")).isEmpty();
        driver.agentAnswers(world, change.id(), "app2", true);
        assertThat(process).isWaitingAt(PatchChange.TASK_AWAIT_WAVE);
        assertThat(deployment.countByState(change.id())).containsEntry(AssetState.INSTALLING, 1)
            .containsEntry(AssetState.BACKUP_VERIFIED, 1);
    }

    @Test
    void failedBackupCanAbortTheChange() {
        highRiskAssets();
        ChangeRequest change = approvedHighRiskChange("app1", "app2");
        driver.agentAnswers(world, change.id(), "app1", false);
        driver.agentAnswers(world, change.id(), "app2", true);
        inbox.complete(world.changeManager, driver.taskId(change.id(), PatchChange.TASK_RESOLVE_BACKUP_FAILURE),
                Map.of(PatchChange.VAR_BACKUP_RESOLUTION, BackupResolution.ABORT, PatchChange.VAR_BACKUP_COMMENT,
                        "no way back, not today"));

        assertThat(driver.change(change.id()).status()).isEqualTo(ChangeStatus.CLOSED);
        driver.runJobs(change.id());
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isEnded()
            .hasPassed(PatchChange.END_EVENT_ABORTED, PatchChange.TASK_CLOSE_CHANGE)
            .hasNotPassed(PatchChange.TASK_START_DEPLOYMENT);
        ChangeRequest closed = driver.change(change.id());
        assertThat(closed.outcome()).isEqualTo(ChangeOutcome.CANCELLED);
        assertThat(closed.outcomeReason()).contains("backups could not be verified");
        assertThat(deployment.countByState(change.id())).containsOnlyKeys(AssetState.CANCELLED);
    }

    @Test
    void failedBackupCanBeWaivedButNotByTheRequester() {
        highRiskAssets();
        Actor managingRequester = world.person("requesting-manager", Role.REQUESTER, Role.CHANGE_MANAGER);
        ChangeRequest change = changes.submit(managingRequester, new io.patchflow.change.SubmitChange(world.customer,
                "waiver", null, List.of(fixtures.exploitedPatch("8.1")), world.assets("app1"), null, false, null));
        driver.runJobs(change.id());
        driver.complete(world.approver1, change.id(), PatchChange.TASK_REVIEW_TECHNICALLY, APPROVE_REVIEW);
        driver.complete(world.approver1, change.id(), PatchChange.TASK_APPROVE_CHANGE, APPROVE_VOTE);
        driver.complete(world.approver2, change.id(), PatchChange.TASK_APPROVE_CHANGE, APPROVE_VOTE);
        driver.agentAnswers(world, change.id(), "app1", false);

        Map<String, Object> waive = Map.of(PatchChange.VAR_BACKUP_RESOLUTION, BackupResolution.WAIVE,
                PatchChange.VAR_BACKUP_COMMENT, "snapshot taken by hand");
        assertThatThrownBy(
                () -> driver.complete(managingRequester, change.id(), PatchChange.TASK_RESOLVE_BACKUP_FAILURE, waive))
            .hasRootCauseInstanceOf(ForbiddenException.class)
            .hasMessageContaining("four-eyes");
        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TASK_RESOLVE_BACKUP_FAILURE);

        driver.complete(world.changeManager, change.id(), PatchChange.TASK_RESOLVE_BACKUP_FAILURE, waive);
        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TASK_AWAIT_WAVE);
        assertThat(audit.ofChange(change.id().value()))
            .anyMatch(e -> e.kind().equals("BACKUP_WAIVED") && e.actor().equals(world.changeManager.username()));
    }

    @Test
    void silentBackupAgentsTimeOutIntoTheBackupDecision() {
        highRiskAssets();
        ChangeRequest change = approvedHighRiskChange("app1");
        driver.fireTimer(change.id(), PatchChange.TIMER_BACKUPS_TIMEOUT);
        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TASK_RESOLVE_BACKUP_FAILURE)
            .hasPassed(PatchChange.TASK_EXPIRE_BACKUP_JOBS);
        assertThat(deployment.countByState(change.id())).containsEntry(AssetState.BACKUP_FAILED, 1);
    }

    // --- waves, gate, timeouts, verification, rollback ---

    @Test
    void haltedRolloutContinuesAndFailedAssetsAreRolledBack() {
        world.asset("pilot", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("ws2", Criticality.LOW, Exposure.INTERNAL, 1);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("pilot", "ws2"),
                false, null);
        driver.agentAnswers(world, change.id(), "pilot", false);
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt(PatchChange.TASK_DECIDE_WAVE_GATE);
        assertThat(driver.change(change.id()).status()).isEqualTo(ChangeStatus.WAVE_HALTED);

        driver.complete(world.changeManager, change.id(), PatchChange.TASK_DECIDE_WAVE_GATE,
                Map.of(PatchChange.VAR_GATE_DECISION, GateDecision.CONTINUE, PatchChange.VAR_GATE_COMMENT,
                        "pilot host is known flaky"));
        assertThat(process).isWaitingAt(PatchChange.TASK_AWAIT_WAVE);
        driver.agentsSucceed(world, change.id(), "ws2");
        driver.agentsSucceed(world, change.id(), "ws2"); // verification
        assertThat(process).isWaitingAt(PatchChange.TASK_AWAIT_ROLLBACK);
        driver.agentsSucceed(world, change.id(), "pilot"); // rollback of the failed pilot
        assertThat(process).isWaitingAt(PatchChange.TASK_REVIEW_IMPLEMENTATION);
        driver.complete(world.changeManager, change.id(), PatchChange.TASK_REVIEW_IMPLEMENTATION,
                Map.of(PatchChange.VAR_REVIEW_CONCLUSION, ReviewConclusion.FOLLOW_UP, PatchChange.VAR_REVIEW_FINDINGS,
                        "pilot needs a rebuild"));

        assertThat(process).isEnded().hasPassed(PatchChange.TASK_OPEN_INCIDENT);
        assertThat(driver.change(change.id()).outcome()).isEqualTo(ChangeOutcome.PARTIALLY_SUCCESSFUL);
        assertThat(deployment.countByState(change.id())).containsEntry(AssetState.SUCCEEDED, 1)
            .containsEntry(AssetState.ROLLED_BACK, 1);
        // the incident names the failed asset and what its agent reported, at the
        // install and at the rollback; the healthy asset is not in it
        assertThat(tickets.ticketsOf(change.id().value())).filteredOn(t -> t.kind().equals("INCIDENT"))
            .singleElement()
            .satisfies(incident -> assertThat(incident.notes()).filteredOn(n -> n.milestone().equals("INCIDENT_OPENED"))
                .singleElement()
                .satisfies(note -> {
                    assertThat(note.body()).contains("failed on 1 of 2 asset(s)")
                        .contains(world.customer + "-pilot: now ROLLED_BACK")
                        .contains("INSTALL FAILED at ")
                        .contains(": failed on purpose")
                        .contains("ROLLBACK SUCCEEDED at ")
                        .doesNotContain(world.customer + "-ws2");
                }));
    }

    @Test
    void aPassedWaveBakesForTheRingPlansTimeBeforeTheNextOne() {
        world.asset("pilot", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("ws2", Criticality.LOW, Exposure.INTERNAL, 1);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("pilot", "ws2"),
                false, null);
        driver.agentsSucceed(world, change.id(), "pilot");

        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt(PatchChange.TIMER_BAKE_TIME);
        // the default ring plan: a day between rings
        java.util.Date due = driver.timer(change.id(), PatchChange.TIMER_BAKE_TIME).getDuedate();
        org.assertj.core.api.Assertions.assertThat(due.toInstant())
            .isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));
        org.assertj.core.api.Assertions.assertThat(agentJobs(change, "INSTALL")).containsExactly("SUCCEEDED");

        driver.fireTimer(change.id(), PatchChange.TIMER_BAKE_TIME);

        assertThat(process).isWaitingAt(PatchChange.TASK_AWAIT_WAVE);
        org.assertj.core.api.Assertions.assertThat(agentJobs(change, "INSTALL"))
            .containsExactlyInAnyOrder("SUCCEEDED", "QUEUED");
    }

    @Test
    void aChangeWithoutPilotRingAssetsGetsAPilotWaveOfThePolicysShare() {
        for (int i = 1; i <= 4; i++) {
            world.asset("ws" + i, Criticality.LOW, Exposure.INTERNAL, 1);
        }
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()),
                world.assets("ws1", "ws2", "ws3", "ws4"), false, null);

        // the default 10 % of four assets, rounded up: one pilot first
        org.assertj.core.api.Assertions.assertThat(agentJobs(change, "INSTALL")).containsExactly("QUEUED");
        driver.agentsSucceed(world, change.id(), "ws1");
        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TIMER_BAKE_TIME);
        driver.fireTimer(change.id(), PatchChange.TIMER_BAKE_TIME);
        org.assertj.core.api.Assertions.assertThat(agentJobs(change, "INSTALL"))
            .containsExactlyInAnyOrder("SUCCEEDED", "QUEUED", "QUEUED", "QUEUED");
        assertThat(audit.ofChange(change.id().value())).anyMatch(e -> e.detail() != null
                && e.detail().contains("with a pilot wave of 1 asset(s) (10% of 4, no pilot ring)"));
    }

    @Test
    void anEmergencyDoesNotWaitBetweenWaves() {
        world.asset("pilot", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("ws2", Criticality.LOW, Exposure.INTERNAL, 1);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("pilot", "ws2"),
                true, null);
        driver.complete(world.changeManager, change.id(), PatchChange.TASK_APPROVE_EMERGENCY,
                Map.of(PatchChange.VAR_EMERGENCY_DECISION, EmergencyDecision.APPROVE));
        driver.agentsSucceed(world, change.id(), "pilot");

        // its bake timer is due at once, so the job executor (here: runJobs) moves on by
        // itself
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).hasPassed(PatchChange.TIMER_BAKE_TIME).isWaitingAt(PatchChange.TASK_AWAIT_WAVE);
    }

    @Test
    void aHaltedRolloutCanStopRollingBackOnlyTheFailedAssets() {
        world.asset("pilot1", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("pilot2", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("ws3", Criticality.LOW, Exposure.INTERNAL, 1);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()),
                world.assets("pilot1", "pilot2", "ws3"), false, null);
        driver.agentAnswers(world, change.id(), "pilot1", true);
        driver.agentAnswers(world, change.id(), "pilot2", false);

        driver.complete(world.changeManager, change.id(), PatchChange.TASK_DECIDE_WAVE_GATE,
                Map.of(PatchChange.VAR_GATE_DECISION, GateDecision.STOP, PatchChange.VAR_GATE_COMMENT,
                        "pilot2 broke; keep pilot1, do not go wider"));
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt(PatchChange.TASK_AWAIT_VERIFICATION);
        driver.agentsSucceed(world, change.id(), "pilot1"); // verification of the
                                                            // installed one
        assertThat(process).isWaitingAt(PatchChange.TASK_AWAIT_ROLLBACK);
        driver.agentsSucceed(world, change.id(), "pilot2"); // rollback of the failed one
                                                            // only
        driver.complete(world.changeManager, change.id(), PatchChange.TASK_REVIEW_IMPLEMENTATION,
                Map.of(PatchChange.VAR_REVIEW_CONCLUSION, ReviewConclusion.FOLLOW_UP, PatchChange.VAR_REVIEW_FINDINGS,
                        "pilot2 needs attention"));

        assertThat(process).isEnded()
            .hasPassed(PatchChange.TASK_OPEN_INCIDENT)
            .hasNotPassed(PatchChange.TIMER_BAKE_TIME);
        assertThat(driver.change(change.id()).outcome()).isEqualTo(ChangeOutcome.PARTIALLY_SUCCESSFUL);
        assertThat(deployment.countByState(change.id())).containsEntry(AssetState.SUCCEEDED, 1)
            .containsEntry(AssetState.ROLLED_BACK, 1)
            .containsEntry(AssetState.CANCELLED, 1);
        org.assertj.core.api.Assertions.assertThat(agentJobs(change, "ROLLBACK")).hasSize(1);
    }

    @Test
    void theWaveGateUsesTheCustomersThreshold() {
        io.patchflow.policy.CustomerPolicy defaults = io.patchflow.policy.CustomerPolicy.defaults(world.customer);
        policies.install(
                new io.patchflow.policy.CustomerPolicy(world.customer, defaults.sla(), defaults.rings(),
                        new java.math.BigDecimal("0.5"), false, true, defaults.bulkApprovalLimit(), List.of(), true),
                "test");
        world.asset("pilot1", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("pilot2", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("ws3", Criticality.LOW, Exposure.INTERNAL, 1);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()),
                world.assets("pilot1", "pilot2", "ws3"), false, null);
        driver.agentAnswers(world, change.id(), "pilot1", true);
        driver.agentAnswers(world, change.id(), "pilot2", false);

        // half the pilot succeeded: enough for this customer, where the default 90 %
        // would have halted
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).hasPassed(PatchChange.TASK_EVALUATE_WAVE_GATE)
            .hasNotPassed(PatchChange.TASK_DECIDE_WAVE_GATE);
        assertThat(process).isWaitingAt(PatchChange.TIMER_BAKE_TIME);
        assertThat(audit.ofChange(change.id().value())).anyMatch(
                e -> e.kind().equals("WAVE_GATE_PASSED") && e.detail().contains("threshold 50.0% (customer policy)"));
    }

    @Test
    void haltedRolloutCanBeRolledBackEntirely() {
        world.asset("pilot1", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("pilot2", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("ws3", Criticality.LOW, Exposure.INTERNAL, 1);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()),
                world.assets("pilot1", "pilot2", "ws3"), false, null);
        driver.agentAnswers(world, change.id(), "pilot1", true);
        driver.agentAnswers(world, change.id(), "pilot2", false);
        driver.complete(world.changeManager, change.id(), PatchChange.TASK_DECIDE_WAVE_GATE,
                Map.of(PatchChange.VAR_GATE_DECISION, GateDecision.ROLL_BACK, PatchChange.VAR_GATE_COMMENT,
                        "half the pilot failed"));

        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt(PatchChange.TASK_AWAIT_ROLLBACK);
        // both pilots are rolled back, the later ring is never touched
        assertThat(deployment.countByState(change.id())).containsEntry(AssetState.ROLLING_BACK, 2)
            .containsEntry(AssetState.CANCELLED, 1);
        driver.agentsSucceed(world, change.id(), "pilot1", "pilot2");
        driver.complete(world.changeManager, change.id(), PatchChange.TASK_REVIEW_IMPLEMENTATION,
                Map.of(PatchChange.VAR_REVIEW_CONCLUSION, ReviewConclusion.ACCEPTED, PatchChange.VAR_REVIEW_FINDINGS,
                        "rolled back cleanly"));

        assertThat(process).isEnded().hasNotPassed(PatchChange.TASK_REQUEST_VERIFICATION);
        assertThat(driver.change(change.id()).outcome()).isEqualTo(ChangeOutcome.ROLLED_BACK);
        assertThat(agentJobs(change, "INSTALL")).hasSize(2);
    }

    @Test
    void silentAgentTimesOutAndItsLateAnswerIsRefused() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false,
                null);
        List<LeasedJob> leased = driver.agentLeasesSilently(world, "ws1");
        assertThat(leased).hasSize(1);

        driver.fireTimer(change.id(), PatchChange.TIMER_WAVE_TIMEOUT);
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt(PatchChange.TASK_DECIDE_WAVE_GATE).hasPassed(PatchChange.TASK_EXPIRE_WAVE_JOBS);
        assertThat(agentJobs(change, "INSTALL")).containsExactly("TIMED_OUT");

        assertThatThrownBy(() -> agentJobs.report(world.agent("ws1"), leased.get(0).jobId(), true, "late"))
            .isInstanceOf(ConflictException.class)
            .hasMessageContaining("TIMED_OUT");
        assertThat(agentJobs(change, "INSTALL")).containsExactly("TIMED_OUT");
        assertThat(deployment.countByState(change.id())).containsEntry(AssetState.INSTALL_FAILED, 1);

        // nothing got installed: continuing skips verification and rolls the failed asset
        // back
        driver.complete(world.changeManager, change.id(), PatchChange.TASK_DECIDE_WAVE_GATE, Map
            .of(PatchChange.VAR_GATE_DECISION, GateDecision.CONTINUE, PatchChange.VAR_GATE_COMMENT, "try anyway"));
        assertThat(process).hasPassed(PatchChange.GATEWAY_VERIFICATION_NEEDED)
            .hasNotPassed(PatchChange.TASK_AWAIT_VERIFICATION)
            .isWaitingAt(PatchChange.TASK_AWAIT_ROLLBACK);
    }

    @Test
    void failedVerificationRollsTheAssetBack() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("ws2", Criticality.LOW, Exposure.INTERNAL, 0);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1", "ws2"),
                false, null);
        driver.agentsSucceed(world, change.id(), "ws1", "ws2");
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt(PatchChange.TASK_AWAIT_VERIFICATION);
        driver.agentAnswers(world, change.id(), "ws1", true);
        driver.agentAnswers(world, change.id(), "ws2", false);

        assertThat(process).isWaitingAt(PatchChange.TASK_AWAIT_ROLLBACK);
        assertThat(agentJobs(change, "ROLLBACK")).hasSize(1);
        driver.agentsSucceed(world, change.id(), "ws2");
        driver.complete(world.changeManager, change.id(), PatchChange.TASK_REVIEW_IMPLEMENTATION,
                Map.of(PatchChange.VAR_REVIEW_CONCLUSION, ReviewConclusion.FOLLOW_UP, PatchChange.VAR_REVIEW_FINDINGS,
                        "service did not come back on ws2"));
        assertThat(driver.change(change.id()).outcome()).isEqualTo(ChangeOutcome.PARTIALLY_SUCCESSFUL);
    }

    @Test
    void silentAgentsDuringVerificationAndRollbackTimeOut() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false,
                null);
        driver.agentsSucceed(world, change.id(), "ws1");
        driver.fireTimer(change.id(), PatchChange.TIMER_VERIFICATION_TIMEOUT);
        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TASK_AWAIT_ROLLBACK);
        driver.fireTimer(change.id(), PatchChange.TIMER_ROLLBACK_TIMEOUT);

        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TASK_REVIEW_IMPLEMENTATION)
            .hasPassed(PatchChange.TASK_EXPIRE_VERIFICATION_JOBS, PatchChange.TASK_EXPIRE_ROLLBACK_JOBS,
                    PatchChange.TASK_OPEN_INCIDENT);
        assertThat(deployment.countByState(change.id())).containsEntry(AssetState.ROLLBACK_FAILED, 1);
    }

    // --- cancellation ---

    @Test
    void changeCanBeCancelledBeforeDeployment() {
        highRiskAssets();
        ChangeRequest change = driver.submit(world, List.of(fixtures.exploitedPatch("8.0")), world.assets("app1"),
                false, null);
        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TASK_REVIEW_TECHNICALLY);

        changes.cancel(world.requester, change.id(), "superseded by CHG-0");

        // what the cancellation answers: closed, not still awaiting approval
        ChangeRequest closed = driver.change(change.id());
        assertThat(closed.status()).isEqualTo(ChangeStatus.CLOSED);
        assertThat(closed.closedAt()).isNotNull();
        assertThat(closed.outcome()).isEqualTo(ChangeOutcome.CANCELLED);
        assertThat(closed.outcomeReason()).contains(world.requester.username()).contains("superseded by CHG-0");
        assertThat(driver.tasks(change.id(), PatchChange.TASK_REVIEW_TECHNICALLY)).isEmpty();
        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TASK_NOTE_CLOSURE);

        driver.runJobs(change.id());
        assertThat(historicProcess(change)).isEnded()
            .hasPassed(PatchChange.TASK_RECORD_CANCELLATION, PatchChange.TASK_CLOSE_CHANGE,
                    PatchChange.TASK_NOTE_CLOSURE);
        assertThat(notes(change)).last().isEqualTo("CHANGE_CLOSED");
    }

    @Test
    void cancellationWithdrawsOpenBackupJobs() {
        highRiskAssets();
        ChangeRequest change = approvedHighRiskChange("app1");
        List<LeasedJob> leased = driver.agentLeasesSilently(world, "app1");
        changes.cancel(world.changeManager, change.id(), "vendor pulled the patch");
        driver.runJobs(change.id());

        assertThat(agentJobs(change, "BACKUP")).containsExactly("CANCELLED");
        assertThat(audit.ofChange(change.id().value())).filteredOn(e -> e.kind().equals("AGENT_JOBS_WITHDRAWN"))
            .singleElement()
            .satisfies(e -> {
                assertThat(e.actor()).isEqualTo(world.changeManager.username());
                assertThat(e.detail()).startsWith("1 agent job(s) withdrawn");
            });
        assertThat(auditKinds(change)).containsSubsequence("AGENT_JOBS_WITHDRAWN", "OUTCOME_CANCELLED",
                "CHANGE_CLOSED");
        assertThatThrownBy(() -> agentJobs.report(world.agent("app1"), leased.get(0).jobId(), true, "done"))
            .isInstanceOf(ConflictException.class);
    }

    @Test
    void cancellationIsRefusedOnceDeploymentHasStarted() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false,
                null);
        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TASK_AWAIT_WAVE);

        assertThatThrownBy(() -> changes.cancel(world.requester, change.id(), "too late"))
            .isInstanceOf(ConflictException.class)
            .hasMessageContaining("deployment");
        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TASK_AWAIT_WAVE);
        assertThat(driver.change(change.id()).outcome()).isNull();
    }

    // --- agents and four-eyes ---

    @Test
    void duplicateAgentResultIsIgnored() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("ws2", Criticality.LOW, Exposure.INTERNAL, 0);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1", "ws2"),
                false, null);
        LeasedJob job = driver.agentLeasesSilently(world, "ws1").get(0);
        agentJobs.report(world.agent("ws1"), job.jobId(), true, "first");

        assertThatThrownBy(() -> agentJobs.report(world.agent("ws1"), job.jobId(), false, "second"))
            .isInstanceOf(ConflictException.class)
            .hasMessageContaining("already finished as SUCCEEDED");
        assertThat(agentJobs(change, "INSTALL")).containsExactlyInAnyOrder("SUCCEEDED", "QUEUED");
        Map<String, Object> batch = jdbc
            .sql("SELECT open_jobs, succeeded, failed FROM job_batch WHERE change_id = ? AND phase = 'INSTALL'")
            .param(change.id().value())
            .query()
            .singleRow();
        assertThat(batch).containsEntry("OPEN_JOBS", 1).containsEntry("SUCCEEDED", 1).containsEntry("FAILED", 0);
        assertThat(audit.ofChange(change.id().value())).anyMatch(e -> e.kind().equals("AGENT_RESULT_IGNORED"));
        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TASK_AWAIT_WAVE);
    }

    @Test
    void requesterCannotApproveTheirOwnChange() {
        mediumRiskAssets();
        Actor requestingApprover = world.person("requesting-approver", Role.REQUESTER, Role.APPROVER);
        ChangeRequest change = changes.submit(requestingApprover, new io.patchflow.change.SubmitChange(world.customer,
                "mine", null, List.of(fixtures.mediumPatch()), world.assets("lab1"), null, false, null));
        driver.runJobs(change.id());
        String review = driver.taskId(change.id(), PatchChange.TASK_REVIEW_TECHNICALLY);
        // the inbox does not offer it, and the task page says why, in the words the
        // engine
        // refuses with
        assertThat(inbox.tasks(requestingApprover, 0, 200).items()).extracting(InboxItem::id).doesNotContain(review);
        assertThat(inbox.task(requestingApprover, review).refusal())
            .isEqualTo("four-eyes rule: " + requestingApprover.username()
                    + " requested this change and cannot approve it; another approver must decide");

        assertThatThrownBy(() -> inbox.complete(requestingApprover, review, APPROVE_REVIEW))
            .hasRootCauseInstanceOf(ForbiddenException.class)
            .hasRootCauseMessage("four-eyes rule: " + requestingApprover.username()
                    + " requested this change and cannot approve it; another approver must decide");

        // nothing changed: the task is still open and unclaimed, nothing was recorded
        assertThat(taskService.createTaskQuery().taskId(review).singleResult().getAssignee()).isNull();
        assertThat(approvals.decisions(change.id())).isEmpty();
        driver.complete(world.approver1, change.id(), PatchChange.TASK_REVIEW_TECHNICALLY, APPROVE_REVIEW);
        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TASK_APPROVE_CHANGE);
    }

    @Test
    void rejectingWithoutAReasonIsRefusedByTheEngineWhicheverClientCompletesTheTask() {
        mediumRiskAssets();
        ChangeRequest change = driver.submit(world, List.of(fixtures.mediumPatch()), world.assets("lab1"), false, null);
        driver.complete(world.approver1, change.id(), PatchChange.TASK_REVIEW_TECHNICALLY,
                Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.NEEDS_INFO, PatchChange.VAR_REVIEW_COMMENT,
                        "which services restart?"));
        driver.complete(world.requester, change.id(), PatchChange.TASK_PROVIDE_INFORMATION,
                Map.of(PatchChange.VAR_INFORMATION, "only the app server"));
        String review = driver.taskId(change.id(), PatchChange.TASK_REVIEW_TECHNICALLY);

        // Not through the inbox: straight to the engine, as Tasklist or the engine's REST
        // API would, as a signed-in approver of the customer. Round 1's question is still
        // a variable of the instance; it must not pass for this rejection's reason.
        engine.getIdentityService()
            .setAuthentication(world.approver2.username(), List.of(Role.APPROVER.groupId()), List.of(world.customer));
        try {
            assertThatThrownBy(
                    () -> taskService.complete(review, Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.REJECT)))
                .rootCause()
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo(PatchChange.VAR_REVIEW_COMMENT))
                .hasMessage("Why you reject, or your question for the requester is required");
            assertThatThrownBy(() -> taskService.complete(review,
                    Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.APPROVE, PatchChange.VAR_REVIEW_COMMENT,
                            "sneaked past the form")))
                .rootCause()
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not asked for these answers");
        }
        finally {
            engine.getIdentityService().clearAuthentication();
        }
        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TASK_REVIEW_TECHNICALLY);
        assertThat(approvals.decisions(change.id())).hasSize(1);

        // an approval in round 2 is recorded without round 1's question
        driver.complete(world.approver2, change.id(), PatchChange.TASK_REVIEW_TECHNICALLY, APPROVE_REVIEW);
        assertThat(approvals.decisions(change.id()))
            .extracting(ApprovalRecord::round, ApprovalRecord::decision, ApprovalRecord::comment)
            .containsExactly(tuple(1, ReviewDecision.NEEDS_INFO, "which services restart?"),
                    tuple(2, ReviewDecision.APPROVE, null));
    }

    @Test
    void aCabSeatIsNotOfferedToWhoeverHasAlreadyVotedInThisRound() {
        highRiskAssets();
        ChangeRequest change = driver.submit(world, List.of(fixtures.exploitedPatch("8.0")),
                world.assets("app1", "app2"), false, null);
        driver.complete(world.approver1, change.id(), PatchChange.TASK_REVIEW_TECHNICALLY, APPROVE_REVIEW);
        driver.complete(world.approver1, change.id(), PatchChange.TASK_APPROVE_CHANGE, APPROVE_VOTE);
        List<String> seats = driver.tasks(change.id(), PatchChange.TASK_APPROVE_CHANGE)
            .stream()
            .map(org.camunda.bpm.engine.task.Task::getId)
            .toList();
        assertThat(seats).hasSize(2);

        assertThat(seatsListedFor(world.approver1, change)).isEmpty();
        assertThat(seatsListedFor(world.approver2, change)).containsExactlyInAnyOrderElementsOf(seats);
        assertThat(inbox.task(world.approver1, seats.get(0)).refusal())
            .isEqualTo("four-eyes rule: " + world.approver1.username()
                    + " has already voted in this approval round; the remaining seats need other approvers");
        assertThat(inbox.task(world.approver2, seats.get(0)).mayComplete()).isTrue();
    }

    private List<String> seatsListedFor(Actor actor, ChangeRequest change) {
        return inbox.tasks(actor, 0, 200)
            .items()
            .stream()
            .filter(t -> t.changeId().equals(change.id())
                    && t.taskDefinitionKey().equals(PatchChange.TASK_APPROVE_CHANGE))
            .map(InboxItem::id)
            .toList();
    }

    @Test
    void completingWithoutASignedInPersonIsRefusedByTheEngine() {
        mediumRiskAssets();
        ChangeRequest change = driver.submit(world, List.of(fixtures.mediumPatch()), world.assets("lab1"), false, null);
        String review = driver.taskId(change.id(), PatchChange.TASK_REVIEW_TECHNICALLY);
        assertThatThrownBy(() -> taskService.complete(review, APPROVE_REVIEW))
            .hasRootCauseInstanceOf(ForbiddenException.class);
        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TASK_REVIEW_TECHNICALLY);
    }

    // --- helpers ---

    private void highRiskAssets() {
        world.asset("app1", Criticality.MEDIUM, Exposure.INTERNAL, 0);
        world.asset("app2", Criticality.MEDIUM, Exposure.INTERNAL, 1);
    }

    private void mediumRiskAssets() {
        world.asset("lab1", Criticality.LOW, Exposure.INTERNAL, 0);
    }

    /**
     * A normal change of an exploited patch, approved by review and CAB, now verifying
     * backups.
     */
    private ChangeRequest approvedHighRiskChange(String... hosts) {
        ChangeRequest change = driver.submit(world, List.of(fixtures.exploitedPatch("8.0")), world.assets(hosts), false,
                null);
        driver.complete(world.approver1, change.id(), PatchChange.TASK_REVIEW_TECHNICALLY, APPROVE_REVIEW);
        driver.complete(world.approver1, change.id(), PatchChange.TASK_APPROVE_CHANGE, APPROVE_VOTE);
        driver.complete(world.approver2, change.id(), PatchChange.TASK_APPROVE_CHANGE, APPROVE_VOTE);
        assertThat(driver.instance(change.id())).isWaitingAt(PatchChange.TASK_AWAIT_BACKUPS);
        return change;
    }

    /** Backups, every wave, then verification all succeed. */
    private void deployEverything(ChangeRequest change, String... hosts) {
        for (int phase = 0; phase < 10 && !driver.instance(change.id()).isEnded(); phase++) {
            if (driver.timer(change.id(), PatchChange.TIMER_BAKE_TIME) != null) {
                driver.fireTimer(change.id(), PatchChange.TIMER_BAKE_TIME); // a day
                                                                            // between
                                                                            // rings, by
                                                                            // the default
                                                                            // ring plan
            }
            else if (openAgentJobs(change) > 0) {
                driver.agentsSucceed(world, change.id(), hosts);
            }
            else {
                break;
            }
        }
    }

    /** A window that is closed now and opens in about a day. */
    private Long outsideWindow() {
        ZonedDateTime now = ZonedDateTime.now(ZoneId.of("UTC"));
        ZonedDateTime opens = now.plusHours(20);
        return world.window(ZoneId.of("UTC"), EnumSet.of(opens.getDayOfWeek()), LocalTime.of(opens.getHour(), 0),
                Duration.ofHours(1));
    }

    private long openAgentJobs(ChangeRequest change) {
        return jdbc.sql("SELECT COUNT(*) FROM agent_job WHERE change_id = ? AND status IN ('QUEUED','LEASED')")
            .param(change.id().value())
            .query(Long.class)
            .single();
    }

    private long agentJobCount(ChangeRequest change) {
        return jdbc.sql("SELECT COUNT(*) FROM agent_job WHERE change_id = ?")
            .param(change.id().value())
            .query(Long.class)
            .single();
    }

    private List<String> agentJobs(ChangeRequest change, String type) {
        return jdbc.sql("SELECT status FROM agent_job WHERE change_id = ? AND job_type = ?")
            .params(change.id().value(), type)
            .query(String.class)
            .list();
    }

    private List<ChangeConflict> conflictsOf(ChangeRequest change) {
        return schedule.conflicts(change.id());
    }

    private List<String> auditKinds(ChangeRequest change) {
        return audit.ofChange(change.id().value()).stream().map(e -> e.kind()).toList();
    }

    private List<String> notes(ChangeRequest change) {
        return tickets.ticketsOf(change.id().value())
            .stream()
            .filter(t -> t.kind().equals("REQUEST"))
            .flatMap(t -> t.notes().stream())
            .map(Ticket.TicketNote::milestone)
            .toList();
    }

    private List<String> visibleTaskKeys(Actor actor) {
        return inbox.tasks(actor, 0, 200).items().stream().map(InboxItem::taskDefinitionKey).toList();
    }

    private ProcessInstance historicProcess(ChangeRequest change) {
        return driver.instance(change.id());
    }

}
