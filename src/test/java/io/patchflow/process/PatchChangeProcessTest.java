package io.patchflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.DayOfWeek;
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
import io.patchflow.audit.AuditTrail;
import io.patchflow.approval.ApprovalRecord;
import io.patchflow.approval.ApprovalService;
import io.patchflow.approval.ApprovalStep;
import io.patchflow.change.ChangeOutcome;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeService;
import io.patchflow.change.ChangeStatus;
import io.patchflow.change.ChangeType;
import io.patchflow.change.RiskLevel;
import io.patchflow.changeview.ChangeDetailsService;
import io.patchflow.deployment.AssetState;
import io.patchflow.deployment.DeploymentState;
import io.patchflow.risk.RiskAssessment;
import io.patchflow.inbox.InboxService;
import io.patchflow.inbox.InboxTask;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.schedule.Blackout;
import io.patchflow.schedule.ChangeConflict;
import io.patchflow.schedule.ScheduleService;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.testsupport.Fixtures;
import io.patchflow.testsupport.ProcessDriver;
import io.patchflow.ticketing.Ticket;
import io.patchflow.ticketing.TicketService;

/**
 * One scenario per path through bpmn/patch-change.bpmn. Jobs, timers, people and agents are
 * driven by hand; services and the database are real. Process coverage is asserted for the class.
 */
@SpringBootTest
@ActiveProfiles("test")
@Import({ProcessEngineCoverageConfiguration.class, PatchChangeProcessTest.Coverage.class})
@TestExecutionListeners(value = ProcessEngineCoverageTestExecutionListener.class,
        mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
class PatchChangeProcessTest {

    @TestConfiguration
    static class Coverage {
        // Primary: ProcessEngineCoverageConfiguration registers a default bean too, and the listener looks the
        // properties up by type; with two candidates and no primary it silently falls back to no gate at all.
        @Bean
        @org.springframework.context.annotation.Primary
        ProcessEngineCoverageProperties processEngineCoverageProperties() {
            return ProcessEngineCoverageProperties.builder().assertClassCoverageAtLeast(0.9)
                    .excludeProcessDefinitionKeys(PatchProposals.PROCESS_KEY).build();
        }
    }

    private static final Map<String, Object> APPROVE_REVIEW = Map.of("reviewDecision", "approve", "reviewComment", "fine");
    private static final Map<String, Object> APPROVE_VOTE = Map.of("cabVote", "approve");

    @Autowired ProcessEngine engine;
    @Autowired Fixtures fixtures;
    @Autowired ProcessDriver driver;
    @Autowired ChangeService changes;
    @Autowired ChangeDetailsService changeDetails;
    @Autowired DeploymentState deployment;
    @Autowired ApprovalService approvals;
    @Autowired AuditTrail audit;
    @Autowired TicketService tickets;
    @Autowired InboxService inbox;
    @Autowired AgentJobService agentJobs;
    @Autowired io.patchflow.policy.Policies policies;
    @Autowired TaskService taskService;
    @Autowired JdbcClient jdbc;
    @Autowired ScheduleService schedule;

    Fixtures.World world;

    @BeforeEach
    void newWorld() {
        AbstractAssertions.init(engine);
        world = fixtures.world();
    }

    // --- standard -------------------------------------------------------------------------------

    @Test
    void standardChangeIsPreApprovedDeployedAndClosedWithoutAnyPerson() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("ws2", Criticality.LOW, Exposure.INTERNAL, 1);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1", "ws2"), false, null);
        ProcessInstance process = driver.instance(change.id());

        assertThat(driver.change(change.id()).changeType()).isEqualTo(ChangeType.STANDARD);
        assertThat(driver.change(change.id()).riskLevel()).isEqualTo(RiskLevel.LOW);
        assertThat(process).isWaitingAt("Task_AwaitWave");
        driver.agentsSucceed(world, change.id(), "ws1");
        assertThat(process).isWaitingAt("Timer_BakeTime");
        driver.fireTimer(change.id(), "Timer_BakeTime");
        assertThat(process).isWaitingAt("Task_AwaitWave");
        driver.agentsSucceed(world, change.id(), "ws2");
        driver.agentsSucceed(world, change.id(), "ws1", "ws2");

        assertThat(process).isEnded().hasPassedInOrder("Task_AssessRisk", "Task_RecordPreApproval", "Task_ScheduleChange",
                "Timer_WindowOpens", "Task_StartDeployment", "Task_DispatchWave", "Task_RequestVerification",
                "Task_RecordAutomaticReview", "Task_CloseChange", "EndEvent_ChangeClosed");
        assertThat(process).hasNotPassed("Task_RequestBackups", "Task_ReviewTechnically");
        ChangeRequest closed = driver.change(change.id());
        assertThat(closed.status()).isEqualTo(ChangeStatus.CLOSED);
        assertThat(closed.outcome()).isEqualTo(ChangeOutcome.SUCCESSFUL);
        assertThat(deployment.countByState(change.id())).containsExactlyEntriesOf(Map.of(AssetState.SUCCEEDED, 2));
        assertThat(approvals.decisions(change.id())).extracting(ApprovalRecord::step).containsExactly(ApprovalStep.PRE_APPROVAL);
        assertThat(notes(change)).containsExactly("ASSESSED", "APPROVED", "DEPLOYMENT_STARTED", "CHANGE_CLOSED");
    }

    // --- explained risk -------------------------------------------------------------------------

    @Test
    void knownExploitedPatchIsExplainedFactorByFactorAndDueByTheCatalogsDate() {
        world.asset("web1", Criticality.HIGH, Exposure.INTERNET_FACING, 0);
        long patch = fixtures.exploitedPatch("9.1");
        String cve = jdbc.sql("SELECT cve_id FROM patch_cve WHERE patch_id = ?").param(patch).query(String.class).single();
        java.time.LocalDate due = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1);
        jdbc.sql("INSERT INTO kev_entry(cve_id, vendor_project, product, vulnerability_name, date_added, short_description, "
                        + "required_action, due_date, known_ransomware) VALUES (?,?,?,?,?,?,?,?,?)")
                .params(cve, "Test", "pkg", "test flaw", java.sql.Date.valueOf(due.minusDays(20)), "a test flaw", "patch it",
                        java.sql.Date.valueOf(due), "Known").update();
        jdbc.sql("INSERT INTO epss_score(cve_id, epss, percentile, score_date, model_version) VALUES (?,?,?,?,?)")
                .params(cve, new java.math.BigDecimal("0.94100"), new java.math.BigDecimal("0.99900"),
                        java.sql.Date.valueOf(due.minusDays(1)), "v2025.03.14").update();

        ChangeRequest change = driver.submit(world, List.of(patch), world.assets("web1"), false, null);

        RiskAssessment assessment = changeDetails.details(world.requester, change.id()).assessment();
        // 40 known exploited + 10 ransomware + 55 CVSS 9.1 + 15 EPSS 0.94 + 15 internet-facing + 10 important asset
        // + 5 low downtime tolerance (the inventory's default)
        assertThat(assessment.scoreFactors()).extracting(RiskAssessment.Rule::ruleId,
                        RiskAssessment.Rule::points)
                .containsExactly(tuple("Rule_risk_score_1", 0), tuple("Rule_risk_score_2", 40), tuple("Rule_risk_score_3", 10),
                        tuple("Rule_risk_score_4", 55), tuple("Rule_risk_score_8", 15), tuple("Rule_risk_score_10", 15),
                        tuple("Rule_risk_score_12", 10), tuple("Rule_risk_score_15", 5));
        assertThat(assessment.result().riskScore()).isEqualTo(150);
        assertThat(assessment.decidingRules()).extracting(RiskAssessment.Rule::decisionKey,
                        RiskAssessment.Rule::ruleId)
                .containsExactly(tuple("risk-level", "Rule_risk_level_1"), tuple("change-type", "Rule_change_type_2"),
                        tuple("backup-requirement", "Rule_backup_requirement_3"),
                        tuple("approval-routing", "Rule_approval_routing_2"), tuple("sla-deadline", "Rule_sla_deadline_1"));
        assertThat(assessment.decidingRules().get(1).description()).isEqualTo("Critical and exploited: patch now");
        assertThat(assessment.scoreFactors().get(1).description()).isEqualTo("Known exploited in the wild (CISA KEV)");
        assertThat(assessment.facts().kevDueDate()).isEqualTo(due);
        assertThat(assessment.facts().knownRansomware()).isTrue();
        assertThat(assessment.result().slaBand()).isEqualTo("KNOWN_EXPLOITED");
        assertThat(assessment.result().slaDueAt()).isEqualTo(due.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        assertThat(assessment.result().slaBasis()).startsWith("CISA KEV due date " + due);
        assertThat(driver.change(change.id()).changeType()).isEqualTo(ChangeType.EMERGENCY);
        assertThat(jdbc.sql("SELECT sla_band FROM change_request WHERE id = ?").param(change.id().value()).query(String.class).single())
                .isEqualTo("KNOWN_EXPLOITED");
    }

    // --- normal ---------------------------------------------------------------------------------

    @Test
    void normalChangeIsReviewedVotedOnByQuorumAndDeployedInWaves() {
        highRiskAssets();
        ChangeRequest change = driver.submit(world, List.of(fixtures.exploitedPatch("8.0")), world.assets("app1", "app2"), false, null);
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt("Task_ReviewTechnically");
        assertThat(driver.change(change.id()).riskLevel()).isEqualTo(RiskLevel.HIGH);
        assertThat(driver.change(change.id()).status()).isEqualTo(ChangeStatus.AWAITING_APPROVAL);

        driver.complete(world.approver1, change.id(), "Task_ReviewTechnically", APPROVE_REVIEW);
        assertThat(driver.tasks(change.id(), "Task_ApproveChange")).hasSize(3);
        driver.complete(world.approver1, change.id(), "Task_ApproveChange", APPROVE_VOTE);
        assertThat(process).isWaitingAt("Task_ApproveChange");
        driver.complete(world.approver2, change.id(), "Task_ApproveChange", APPROVE_VOTE);

        // two of three seats approved: the third seat is withdrawn and the backups are verified
        assertThat(driver.tasks(change.id(), "Task_ApproveChange")).isEmpty();
        assertThat(process).isWaitingAt("Task_AwaitBackups").hasPassed("Task_RecordApproval");
        assertThat(audit.ofChange(change.id().value())).anyMatch(e -> e.kind().equals("STATUS_APPROVED"));
        deployEverything(change, "app1", "app2");

        assertThat(process).isEnded().hasPassed("Task_RequestBackups", "Task_EvaluateBackups", "Task_EvaluateWaveGate");
        assertThat(driver.change(change.id()).outcome()).isEqualTo(ChangeOutcome.SUCCESSFUL);
        assertThat(approvals.decisions(change.id())).extracting(ApprovalRecord::step, ApprovalRecord::decidedBy).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ApprovalStep.TECHNICAL_REVIEW, world.approver1.username()),
                org.assertj.core.groups.Tuple.tuple(ApprovalStep.CAB_VOTE, world.approver1.username()),
                org.assertj.core.groups.Tuple.tuple(ApprovalStep.CAB_VOTE, world.approver2.username()));
    }

    @Test
    void normalChangeRejectedInReviewClosesAsRejectedWithoutDeployment() {
        mediumRiskAssets();
        ChangeRequest change = driver.submit(world, List.of(fixtures.mediumPatch()), world.assets("lab1"), false, null);
        driver.complete(world.approver1, change.id(), "Task_ReviewTechnically", Map.of("reviewDecision", "reject",
                "reviewComment", "not now"));

        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isEnded().hasPassed("Task_RecordRejection", "EndEvent_Rejected", "Task_CloseChange")
                .hasNotPassed("Task_StartDeployment", "Task_ApproveChange");
        ChangeRequest closed = driver.change(change.id());
        assertThat(closed.outcome()).isEqualTo(ChangeOutcome.REJECTED);
        assertThat(closed.status()).isEqualTo(ChangeStatus.CLOSED);
        assertThat(agentJobCount(change)).isZero();
    }

    @Test
    void cabRejectsWhenTheQuorumCanNoLongerBeReached() {
        highRiskAssets();
        ChangeRequest change = driver.submit(world, List.of(fixtures.exploitedPatch("7.5")), world.assets("app1"), false, null);
        driver.complete(world.approver1, change.id(), "Task_ReviewTechnically", APPROVE_REVIEW);
        driver.complete(world.approver1, change.id(), "Task_ApproveChange", Map.of("cabVote", "reject"));
        assertThat(driver.instance(change.id())).isWaitingAt("Task_ApproveChange");
        driver.complete(world.approver2, change.id(), "Task_ApproveChange", Map.of("cabVote", "reject", "cabComment", "too risky"));

        assertThat(driver.change(change.id()).outcome()).isEqualTo(ChangeOutcome.REJECTED);
        assertThat(historicProcess(change)).hasPassed("Gateway_CabDecision", "Task_RecordRejection");
    }

    @Test
    void needsInformationLoopsBackToTheRequesterAndReassesses() {
        mediumRiskAssets();
        ChangeRequest change = driver.submit(world, List.of(fixtures.mediumPatch()), world.assets("lab1"), false, null);
        driver.complete(world.approver1, change.id(), "Task_ReviewTechnically", Map.of("reviewDecision", "needs-info",
                "reviewComment", "which services restart?"));

        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt("Task_ProvideInformation");
        assertThat(driver.change(change.id()).status()).isEqualTo(ChangeStatus.NEEDS_INFORMATION);
        assertThat(taskService.createTaskQuery().taskId(driver.taskId(change.id(), "Task_ProvideInformation")).singleResult()
                .getAssignee()).isEqualTo(world.requester.username());

        driver.complete(world.requester, change.id(), "Task_ProvideInformation", Map.of("information", "only the app server"));
        assertThat(process).isWaitingAt("Task_ReviewTechnically");
        assertThat(engine.getRuntimeService().getVariable(process.getId(), "approvalRound")).isEqualTo(2);

        // the CAB can ask too
        driver.complete(world.approver1, change.id(), "Task_ReviewTechnically", APPROVE_REVIEW);
        driver.complete(world.approver2, change.id(), "Task_ApproveChange", Map.of("cabVote", "needs-info"));
        assertThat(process).isWaitingAt("Task_ProvideInformation");
        driver.complete(world.requester, change.id(), "Task_ProvideInformation", Map.of("information", "see runbook"));
        assertThat(engine.getRuntimeService().getVariable(process.getId(), "approvalRound")).isEqualTo(3);
        assertThat(audit.ofChange(change.id().value())).filteredOn(e -> e.kind().equals("RISK_ASSESSED")).hasSize(3);
    }

    // --- emergency ------------------------------------------------------------------------------

    @Test
    void emergencyChangeSkipsTheWindowButNeedsRetrospectiveReview() {
        world.asset("web1", Criticality.HIGH, Exposure.INTERNET_FACING, 0, outsideWindow());
        ChangeRequest change = driver.submit(world, List.of(fixtures.exploitedPatch("9.1")), world.assets("web1"), false, null);
        ProcessInstance process = driver.instance(change.id());
        assertThat(driver.change(change.id()).changeType()).isEqualTo(ChangeType.EMERGENCY);
        assertThat(process).isWaitingAt("Task_ApproveEmergency");
        assertThat(taskService.createTaskQuery().taskId(driver.taskId(change.id(), "Task_ApproveEmergency")).singleResult()
                .getDueDate()).isBefore(java.util.Date.from(Instant.now().plus(Duration.ofHours(2)).plusSeconds(60)));

        driver.complete(world.changeManager, change.id(), "Task_ApproveEmergency", Map.of("emergencyDecision", "approve"));
        // no wait for the (closed) maintenance window
        assertThat(process).isWaitingAt("Task_AwaitBackups");
        assertThat(driver.change(change.id()).scheduledStart().toInstant()).isBetween(Instant.now().minusSeconds(60), Instant.now());
        deployEverything(change, "web1");
        assertThat(process).isWaitingAt("Task_ReviewRetrospectively");
        driver.complete(world.approver1, change.id(), "Task_ReviewRetrospectively", Map.of("retrospectiveDecision", "endorse",
                "retrospectiveComment", "justified: exploited in the wild"));

        // the emergency passed scheduling, which started it at once, window closed or not
        assertThat(process).isEnded().hasPassedInOrder("Task_ApproveEmergency", "Task_ScheduleChange", "Timer_WindowOpens",
                "Task_RequestBackups");
        assertThat(driver.change(change.id()).outcome()).isEqualTo(ChangeOutcome.SUCCESSFUL);
        assertThat(approvals.decisions(change.id())).extracting(ApprovalRecord::step)
                .containsExactly(ApprovalStep.EMERGENCY_APPROVAL, ApprovalStep.RETROSPECTIVE_REVIEW);
    }

    @Test
    void failedEmergencyChangeGetsTheRetrospectiveAndTheImplementationReview() {
        world.asset("web1", Criticality.HIGH, Exposure.INTERNET_FACING, 0);
        ChangeRequest change = driver.submit(world, List.of(fixtures.exploitedPatch("9.8")), world.assets("web1"), false, null);
        driver.complete(world.changeManager, change.id(), "Task_ApproveEmergency", Map.of("emergencyDecision", "approve"));
        assertThat(driver.change(change.id()).status()).isIn(ChangeStatus.APPROVED, ChangeStatus.VERIFYING_BACKUPS);
        driver.agentAnswers(world, change.id(), "web1", true);   // backup
        driver.agentAnswers(world, change.id(), "web1", false);  // install fails
        driver.complete(world.changeManager, change.id(), "Task_DecideWaveGate", Map.of("gateDecision", "roll-back",
                "gateComment", "broke the portal"));
        driver.agentAnswers(world, change.id(), "web1", true);   // rollback

        ProcessInstance process = driver.instance(change.id());
        assertThat(driver.change(change.id()).outcome()).isEqualTo(ChangeOutcome.ROLLED_BACK);
        driver.complete(world.approver1, change.id(), "Task_ReviewRetrospectively", Map.of("retrospectiveDecision", "endorse",
                "retrospectiveComment", "right call, bad patch"));
        assertThat(process).isWaitingAt("Task_ReviewImplementation");
        driver.complete(world.changeManager, change.id(), "Task_ReviewImplementation", Map.of("reviewConclusion", "follow-up",
                "reviewFindings", "vendor fix pending"));
        assertThat(process).isEnded();
        assertThat(approvals.decisions(change.id())).extracting(ApprovalRecord::step).containsExactly(
                ApprovalStep.EMERGENCY_APPROVAL, ApprovalStep.WAVE_GATE, ApprovalStep.RETROSPECTIVE_REVIEW,
                ApprovalStep.IMPLEMENTATION_REVIEW);
    }

    @Test
    void emergencyApproverMayRejectOrAskForInformation() {
        world.asset("web1", Criticality.HIGH, Exposure.INTERNET_FACING, 0);
        ChangeRequest asked = driver.submit(world, List.of(fixtures.exploitedPatch("9.8")), world.assets("web1"), false, null);
        driver.complete(world.changeManager, asked.id(), "Task_ApproveEmergency", Map.of("emergencyDecision", "needs-info"));
        assertThat(driver.instance(asked.id())).isWaitingAt("Task_ProvideInformation");

        ChangeRequest rejected = driver.submit(world, List.of(fixtures.exploitedPatch("9.8")), world.assets("web1"), false, null);
        driver.complete(world.changeManager, rejected.id(), "Task_ApproveEmergency", Map.of("emergencyDecision", "reject"));
        assertThat(driver.change(rejected.id()).outcome()).isEqualTo(ChangeOutcome.REJECTED);
    }

    @Test
    void requestedEmergencyIsRoutedAsEmergencyWhateverTheRisk() {
        mediumRiskAssets();
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("lab1"), true, null);
        assertThat(driver.change(change.id()).changeType()).isEqualTo(ChangeType.EMERGENCY);
        assertThat(driver.instance(change.id())).isWaitingAt("Task_ApproveEmergency");
    }

    // --- escalation -----------------------------------------------------------------------------

    @Test
    void overdueApprovalsEscalateByTimer() {
        highRiskAssets();
        Actor otherManager = world.person("manager2", Role.CHANGE_MANAGER);
        ChangeRequest change = driver.submit(world, List.of(fixtures.exploitedPatch("8.8")), world.assets("app1"), false, null);
        assertThat(driver.timer(change.id(), "Timer_ReviewOverdue").getDuedate())
                .isAfter(java.util.Date.from(Instant.now().plus(Duration.ofHours(23))));
        assertThat(visibleTaskKeys(otherManager)).doesNotContain("Task_ReviewTechnically");

        driver.fireTimer(change.id(), "Timer_ReviewOverdue");

        assertThat(driver.instance(change.id())).isWaitingAt("Task_ReviewTechnically").hasPassed("Task_EscalateReview");
        assertThat(visibleTaskKeys(otherManager)).contains("Task_ReviewTechnically");
        assertThat(audit.ofChange(change.id().value())).anyMatch(e -> e.kind().equals("APPROVAL_ESCALATED"));
        assertThat(notes(change)).contains("APPROVAL_ESCALATED");

        // the change manager may now decide in the approvers' place; the CAB escalates the same way
        driver.complete(otherManager, change.id(), "Task_ReviewTechnically", APPROVE_REVIEW);
        driver.fireTimer(change.id(), "Timer_CabOverdue");
        assertThat(historicProcess(change)).hasPassed("Task_EscalateCabVote");
        assertThat(visibleTaskKeys(otherManager)).contains("Task_ApproveChange");
    }

    @Test
    void overdueEmergencyApprovalEscalatesToTheApprovers() {
        world.asset("web1", Criticality.HIGH, Exposure.INTERNET_FACING, 0);
        ChangeRequest change = driver.submit(world, List.of(fixtures.exploitedPatch("9.8")), world.assets("web1"), false, null);
        assertThat(visibleTaskKeys(world.approver1)).doesNotContain("Task_ApproveEmergency");
        driver.fireTimer(change.id(), "Timer_EmergencyOverdue");
        assertThat(historicProcess(change)).hasPassed("Task_EscalateEmergencyApproval");
        assertThat(visibleTaskKeys(world.approver1)).contains("Task_ApproveEmergency");
    }

    // --- window ---------------------------------------------------------------------------------

    @Test
    void changeWaitsForTheMaintenanceWindow() {
        Long window = outsideWindow();
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0, window);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false, null);
        ProcessInstance process = driver.instance(change.id());

        assertThat(process).isWaitingAt("Timer_WindowOpens");
        ChangeRequest scheduled = driver.change(change.id());
        assertThat(scheduled.status()).isEqualTo(ChangeStatus.SCHEDULED);
        assertThat(scheduled.scheduledStart().toInstant()).isAfter(Instant.now());
        assertThat(driver.timer(change.id(), "Timer_WindowOpens").getDuedate().toInstant())
                .isEqualTo(scheduled.scheduledStart().toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(agentJobCount(change)).isZero();

        driver.fireTimer(change.id(), "Timer_WindowOpens");
        assertThat(process).isWaitingAt("Task_AwaitWave");
    }

    @Test
    void changeWhoseWindowsNeverOverlapIsRefusedAtSubmission() {
        ZonedDateTime now = ZonedDateTime.now(ZoneId.of("UTC"));
        world.asset("mon", Criticality.LOW, Exposure.INTERNAL, 0, world.window(ZoneId.of("UTC"),
                EnumSet.of(now.plusDays(2).getDayOfWeek()), LocalTime.of(1, 0), Duration.ofHours(1)));
        world.asset("tue", Criticality.LOW, Exposure.INTERNAL, 0, world.window(ZoneId.of("UTC"),
                EnumSet.of(now.plusDays(3).getDayOfWeek()), LocalTime.of(1, 0), Duration.ofHours(1)));
        long before = jdbc.sql("SELECT COUNT(*) FROM change_request").query(Long.class).single();

        assertThatThrownBy(() -> driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("mon", "tue"), false, null))
                .isInstanceOf(io.patchflow.shared.InvalidInputException.class)
                .hasMessageContaining("never open at the same time")
                .extracting(e -> ((io.patchflow.shared.InvalidInputException) e).field()).isEqualTo("assetIds");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM change_request").query(Long.class).single()).isEqualTo(before);
        // an emergency does not wait for windows
        ChangeRequest emergency = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("mon", "tue"), true, null);
        assertThat(driver.instance(emergency.id())).isWaitingAt("Task_ApproveEmergency");
    }

    @Test
    void installsOutsideTheWindowAreDeferredByTheAgentApiEvenWhenTheProcessHasStarted() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0, outsideWindow());
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false, null);
        driver.fireTimer(change.id(), "Timer_WindowOpens");   // as if the clocks disagreed
        assertThat(driver.instance(change.id())).isWaitingAt("Task_AwaitWave");

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
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false, null);

        assertThat(driver.instance(change.id())).isWaitingAt("Timer_WindowOpens").hasNotPassed("Task_ApproveBlackoutDeployment");
        assertThat(driver.change(change.id()).scheduledStart().toInstant()).isEqualTo(ends);
    }

    @Test
    void agentsDeferInstallsDuringAHardBlackoutDeclaredAfterScheduling() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false, null);
        assertThat(driver.instance(change.id())).isWaitingAt("Task_AwaitWave");
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
        world.blackout("quarter close", Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(5)),
                Blackout.Kind.SOFT);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false, null);
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt("Task_ApproveBlackoutDeployment");
        assertThat(visibleTaskKeys(world.requester)).doesNotContain("Task_ApproveBlackoutDeployment");

        driver.complete(world.changeManager, change.id(), "Task_ApproveBlackoutDeployment", Map.of("blackoutDecision", "approve",
                "blackoutComment", "customer asked for it despite the close"));

        assertThat(process).isWaitingAt("Task_AwaitWave");
        assertThat(driver.change(change.id()).scheduledStart().toInstant()).isBefore(Instant.now());
        assertThat(approvals.decisions(change.id())).extracting(ApprovalRecord::step)
                .containsExactly(ApprovalStep.PRE_APPROVAL, ApprovalStep.BLACKOUT_APPROVAL);
        // soft blackouts do not stop agents: the change manager approved
        assertThat(driver.agentLease(world, "ws1").jobs()).singleElement().extracting(LeasedJob::type).isEqualTo("INSTALL");
    }

    @Test
    void postponingOutOfASoftBlackoutSchedulesAfterIt() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0);
        Instant ends = Instant.now().plus(Duration.ofHours(5)).truncatedTo(ChronoUnit.SECONDS);
        world.blackout("quarter close", Instant.now().minus(Duration.ofHours(1)), ends, Blackout.Kind.SOFT);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false, null);

        driver.complete(world.changeManager, change.id(), "Task_ApproveBlackoutDeployment", Map.of("blackoutDecision", "postpone",
                "blackoutComment", "wait for the close"));

        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt("Timer_WindowOpens");
        assertThat(driver.change(change.id()).scheduledStart().toInstant()).isEqualTo(ends);
        assertThat(driver.tasks(change.id(), "Task_ApproveBlackoutDeployment")).isEmpty();
    }

    @Test
    void aChangeOnAssetsAnotherChangeHoldsIsPostponedToTheNextFreeOpening() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0, outsideWindow());
        ChangeRequest first = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false, null);
        ChangeRequest second = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false, null);

        Instant firstStart = driver.change(first.id()).scheduledStart().toInstant();
        Instant secondStart = driver.change(second.id()).scheduledStart().toInstant();
        // the window opens one hour a week: the second change takes next week's opening
        assertThat(secondStart).isEqualTo(firstStart.plus(Duration.ofDays(7)));
        assertThat(changeDetails.details(world.changeManager, second.id()).conflicts()).singleElement().satisfies(conflict -> {
            assertThat(conflict.otherChange()).isEqualTo(first.id());
            assertThat(conflict.sharedAssets()).isEqualTo(1);
            assertThat(conflict.resolution()).isEqualTo("POSTPONED");
        });
        assertThat(conflictsOf(first)).isEmpty();
    }

    @Test
    void anEmergencyOverridesAnotherChangesSlotAndSaysSo() {
        world.asset("web1", Criticality.LOW, Exposure.INTERNAL, 0, outsideWindow());
        ChangeRequest planned = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("web1"), false, null);
        assertThat(driver.instance(planned.id())).isWaitingAt("Timer_WindowOpens");
        world.blackout("freeze", Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)), Blackout.Kind.HARD);
        ChangeRequest emergency = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("web1"), true, null);
        driver.complete(world.changeManager, emergency.id(), "Task_ApproveEmergency", Map.of("emergencyDecision", "approve"));

        assertThat(driver.instance(emergency.id())).isWaitingAt("Task_AwaitWave");
        assertThat(conflictsOf(emergency)).singleElement().satisfies(conflict -> {
            assertThat(conflict.otherChange()).isEqualTo(planned.id());
            assertThat(conflict.resolution()).isEqualTo("OVERRIDDEN");
        });
        assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE change_id = ? AND kind = 'BLACKOUT_OVERRIDDEN'")
                .param(emergency.id().value()).query(String.class).list())
                .containsExactly("emergency change during hard blackout 'freeze'");
        // the agent takes the emergency's install although a hard blackout is on and the window is closed
        AgentJobService.Lease lease = driver.agentLease(world, "web1");
        assertThat(lease.jobs()).extracting(LeasedJob::type, LeasedJob::changeId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("INSTALL", emergency.id().toString()));
        assertThat(lease.deferred()).isEmpty();
    }

    // --- backups --------------------------------------------------------------------------------

    @Test
    void failedBackupIsRetriedForTheFailedAssetsOnly() {
        highRiskAssets();
        ChangeRequest change = approvedHighRiskChange("app1", "app2");
        driver.agentAnswers(world, change.id(), "app1", true);
        driver.agentAnswers(world, change.id(), "app2", false);
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt("Task_ResolveBackupFailure");
        assertThat(driver.change(change.id()).status()).isEqualTo(ChangeStatus.BACKUP_FAILED);

        driver.complete(world.changeManager, change.id(), "Task_ResolveBackupFailure", Map.of("backupResolution", "retry",
                "backupComment", "the repository was full; freed space"));
        assertThat(process).isWaitingAt("Task_AwaitBackups");
        assertThat(driver.agentLeasesSilently(world, "app1")).isEmpty();
        driver.agentAnswers(world, change.id(), "app2", true);
        assertThat(process).isWaitingAt("Task_AwaitWave");
        assertThat(deployment.countByState(change.id())).containsEntry(AssetState.INSTALLING, 1)
                .containsEntry(AssetState.BACKUP_VERIFIED, 1);
    }

    @Test
    void failedBackupCanAbortTheChange() {
        highRiskAssets();
        ChangeRequest change = approvedHighRiskChange("app1", "app2");
        driver.agentAnswers(world, change.id(), "app1", false);
        driver.agentAnswers(world, change.id(), "app2", true);
        driver.complete(world.changeManager, change.id(), "Task_ResolveBackupFailure", Map.of("backupResolution", "abort",
                "backupComment", "no way back, not today"));

        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isEnded().hasPassed("EndEvent_Aborted", "Task_CloseChange").hasNotPassed("Task_StartDeployment");
        ChangeRequest closed = driver.change(change.id());
        assertThat(closed.outcome()).isEqualTo(ChangeOutcome.CANCELLED);
        assertThat(closed.outcomeReason()).contains("backups could not be verified");
        assertThat(deployment.countByState(change.id())).containsOnlyKeys(AssetState.CANCELLED);
    }

    @Test
    void failedBackupCanBeWaivedButNotByTheRequester() {
        highRiskAssets();
        Actor managingRequester = world.person("requesting-manager", Role.REQUESTER, Role.CHANGE_MANAGER);
        ChangeRequest change = changes.submit(managingRequester, new io.patchflow.change.SubmitChange(world.customer, "waiver",
                null, List.of(fixtures.exploitedPatch("8.1")), world.assets("app1"), null, false, null));
        driver.runJobs(change.id());
        driver.complete(world.approver1, change.id(), "Task_ReviewTechnically", APPROVE_REVIEW);
        driver.complete(world.approver1, change.id(), "Task_ApproveChange", APPROVE_VOTE);
        driver.complete(world.approver2, change.id(), "Task_ApproveChange", APPROVE_VOTE);
        driver.agentAnswers(world, change.id(), "app1", false);

        Map<String, Object> waive = Map.of("backupResolution", "waive", "backupComment", "snapshot taken by hand");
        assertThatThrownBy(() -> driver.complete(managingRequester, change.id(), "Task_ResolveBackupFailure", waive))
                .hasRootCauseInstanceOf(ForbiddenException.class).hasMessageContaining("four-eyes");
        assertThat(driver.instance(change.id())).isWaitingAt("Task_ResolveBackupFailure");

        driver.complete(world.changeManager, change.id(), "Task_ResolveBackupFailure", waive);
        assertThat(driver.instance(change.id())).isWaitingAt("Task_AwaitWave");
        assertThat(audit.ofChange(change.id().value())).anyMatch(e -> e.kind().equals("BACKUP_WAIVED")
                && e.actor().equals(world.changeManager.username()));
    }

    @Test
    void silentBackupAgentsTimeOutIntoTheBackupDecision() {
        highRiskAssets();
        ChangeRequest change = approvedHighRiskChange("app1");
        driver.fireTimer(change.id(), "Timer_BackupsTimeout");
        assertThat(driver.instance(change.id())).isWaitingAt("Task_ResolveBackupFailure").hasPassed("Task_ExpireBackupJobs");
        assertThat(deployment.countByState(change.id())).containsEntry(AssetState.BACKUP_FAILED, 1);
    }

    // --- waves, gate, timeouts, verification, rollback ----------------------------------------

    @Test
    void haltedRolloutContinuesAndFailedAssetsAreRolledBack() {
        world.asset("pilot", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("ws2", Criticality.LOW, Exposure.INTERNAL, 1);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("pilot", "ws2"), false, null);
        driver.agentAnswers(world, change.id(), "pilot", false);
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt("Task_DecideWaveGate");
        assertThat(driver.change(change.id()).status()).isEqualTo(ChangeStatus.WAVE_HALTED);

        driver.complete(world.changeManager, change.id(), "Task_DecideWaveGate", Map.of("gateDecision", "continue",
                "gateComment", "pilot host is known flaky"));
        assertThat(process).isWaitingAt("Task_AwaitWave");
        driver.agentsSucceed(world, change.id(), "ws2");
        driver.agentsSucceed(world, change.id(), "ws2");      // verification
        assertThat(process).isWaitingAt("Task_AwaitRollback");
        driver.agentsSucceed(world, change.id(), "pilot");    // rollback of the failed pilot
        assertThat(process).isWaitingAt("Task_ReviewImplementation");
        driver.complete(world.changeManager, change.id(), "Task_ReviewImplementation", Map.of("reviewConclusion", "follow-up",
                "reviewFindings", "pilot needs a rebuild"));

        assertThat(process).isEnded().hasPassed("Task_OpenIncident");
        assertThat(driver.change(change.id()).outcome()).isEqualTo(ChangeOutcome.PARTIALLY_SUCCESSFUL);
        assertThat(deployment.countByState(change.id())).containsEntry(AssetState.SUCCEEDED, 1).containsEntry(AssetState.ROLLED_BACK, 1);
        assertThat(tickets.ticketsOf(change.id().value())).anyMatch(t -> t.kind().equals("INCIDENT"));
    }

    @Test
    void aPassedWaveBakesForTheRingPlansTimeBeforeTheNextOne() {
        world.asset("pilot", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("ws2", Criticality.LOW, Exposure.INTERNAL, 1);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("pilot", "ws2"), false, null);
        driver.agentsSucceed(world, change.id(), "pilot");

        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt("Timer_BakeTime");
        // the default ring plan: a day between rings
        java.util.Date due = driver.timer(change.id(), "Timer_BakeTime").getDuedate();
        org.assertj.core.api.Assertions.assertThat(due.toInstant())
                .isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));
        org.assertj.core.api.Assertions.assertThat(agentJobs(change, "INSTALL")).containsExactly("SUCCEEDED");

        driver.fireTimer(change.id(), "Timer_BakeTime");

        assertThat(process).isWaitingAt("Task_AwaitWave");
        org.assertj.core.api.Assertions.assertThat(agentJobs(change, "INSTALL")).containsExactlyInAnyOrder("SUCCEEDED", "QUEUED");
    }

    @Test
    void aChangeWithoutPilotRingAssetsGetsAPilotWaveOfThePolicysShare() {
        for (int i = 1; i <= 4; i++) {
            world.asset("ws" + i, Criticality.LOW, Exposure.INTERNAL, 1);
        }
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1", "ws2", "ws3", "ws4"), false,
                null);

        // the default 10 % of four assets, rounded up: one pilot first
        org.assertj.core.api.Assertions.assertThat(agentJobs(change, "INSTALL")).containsExactly("QUEUED");
        driver.agentsSucceed(world, change.id(), "ws1");
        assertThat(driver.instance(change.id())).isWaitingAt("Timer_BakeTime");
        driver.fireTimer(change.id(), "Timer_BakeTime");
        org.assertj.core.api.Assertions.assertThat(agentJobs(change, "INSTALL")).containsExactlyInAnyOrder("SUCCEEDED", "QUEUED", "QUEUED",
                "QUEUED");
        assertThat(audit.ofChange(change.id().value())).anyMatch(e -> e.detail() != null
                && e.detail().contains("with a pilot wave of 1 asset(s) (10% of 4, no pilot ring)"));
    }

    @Test
    void anEmergencyDoesNotWaitBetweenWaves() {
        world.asset("pilot", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("ws2", Criticality.LOW, Exposure.INTERNAL, 1);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("pilot", "ws2"), true, null);
        driver.complete(world.changeManager, change.id(), "Task_ApproveEmergency", Map.of("emergencyDecision", "approve",
                "emergencyComment", "go"));
        driver.agentsSucceed(world, change.id(), "pilot");

        // its bake timer is due at once, so the job executor (here: runJobs) moves on by itself
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).hasPassed("Timer_BakeTime").isWaitingAt("Task_AwaitWave");
    }

    @Test
    void aHaltedRolloutCanStopRollingBackOnlyTheFailedAssets() {
        world.asset("pilot1", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("pilot2", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("ws3", Criticality.LOW, Exposure.INTERNAL, 1);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("pilot1", "pilot2", "ws3"),
                false, null);
        driver.agentAnswers(world, change.id(), "pilot1", true);
        driver.agentAnswers(world, change.id(), "pilot2", false);

        driver.complete(world.changeManager, change.id(), "Task_DecideWaveGate", Map.of("gateDecision", "stop",
                "gateComment", "pilot2 broke; keep pilot1, do not go wider"));
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt("Task_AwaitVerification");
        driver.agentsSucceed(world, change.id(), "pilot1");    // verification of the installed one
        assertThat(process).isWaitingAt("Task_AwaitRollback");
        driver.agentsSucceed(world, change.id(), "pilot2");    // rollback of the failed one only
        driver.complete(world.changeManager, change.id(), "Task_ReviewImplementation", Map.of("reviewConclusion", "follow-up",
                "reviewFindings", "pilot2 needs attention"));

        assertThat(process).isEnded().hasPassed("Task_OpenIncident").hasNotPassed("Timer_BakeTime");
        assertThat(driver.change(change.id()).outcome()).isEqualTo(ChangeOutcome.PARTIALLY_SUCCESSFUL);
        assertThat(deployment.countByState(change.id())).containsEntry(AssetState.SUCCEEDED, 1).containsEntry(AssetState.ROLLED_BACK, 1)
                .containsEntry(AssetState.CANCELLED, 1);
        org.assertj.core.api.Assertions.assertThat(agentJobs(change, "ROLLBACK")).hasSize(1);
    }

    @Test
    void theWaveGateUsesTheCustomersThreshold() {
        io.patchflow.policy.CustomerPolicy defaults = io.patchflow.policy.CustomerPolicy.defaults(world.customer);
        policies.install(new io.patchflow.policy.CustomerPolicy(world.customer, defaults.sla(), defaults.rings(), new java.math.BigDecimal("0.5"),
                false, true, List.of(), true), "test");
        world.asset("pilot1", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("pilot2", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("ws3", Criticality.LOW, Exposure.INTERNAL, 1);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("pilot1", "pilot2", "ws3"),
                false, null);
        driver.agentAnswers(world, change.id(), "pilot1", true);
        driver.agentAnswers(world, change.id(), "pilot2", false);

        // half the pilot succeeded: enough for this customer, where the default 90 % would have halted
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).hasPassed("Task_EvaluateWaveGate").hasNotPassed("Task_DecideWaveGate");
        assertThat(process).isWaitingAt("Timer_BakeTime");
        assertThat(audit.ofChange(change.id().value())).anyMatch(e -> e.kind().equals("WAVE_GATE_PASSED")
                && e.detail().contains("threshold 50.0% (customer policy)"));
    }

    @Test
    void haltedRolloutCanBeRolledBackEntirely() {
        world.asset("pilot1", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("pilot2", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("ws3", Criticality.LOW, Exposure.INTERNAL, 1);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("pilot1", "pilot2", "ws3"),
                false, null);
        driver.agentAnswers(world, change.id(), "pilot1", true);
        driver.agentAnswers(world, change.id(), "pilot2", false);
        driver.complete(world.changeManager, change.id(), "Task_DecideWaveGate", Map.of("gateDecision", "roll-back",
                "gateComment", "half the pilot failed"));

        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt("Task_AwaitRollback");
        // both pilots are rolled back, the later ring is never touched
        assertThat(deployment.countByState(change.id())).containsEntry(AssetState.ROLLING_BACK, 2).containsEntry(AssetState.CANCELLED, 1);
        driver.agentsSucceed(world, change.id(), "pilot1", "pilot2");
        driver.complete(world.changeManager, change.id(), "Task_ReviewImplementation", Map.of("reviewConclusion", "accepted",
                "reviewFindings", "rolled back cleanly"));

        assertThat(process).isEnded().hasNotPassed("Task_RequestVerification");
        assertThat(driver.change(change.id()).outcome()).isEqualTo(ChangeOutcome.ROLLED_BACK);
        assertThat(agentJobs(change, "INSTALL")).hasSize(2);
    }

    @Test
    void silentAgentTimesOutAndItsLateAnswerIsRefused() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false, null);
        List<LeasedJob> leased = driver.agentLeasesSilently(world, "ws1");
        assertThat(leased).hasSize(1);

        driver.fireTimer(change.id(), "Timer_WaveTimeout");
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt("Task_DecideWaveGate").hasPassed("Task_ExpireWaveJobs");
        assertThat(agentJobs(change, "INSTALL")).containsExactly("TIMED_OUT");

        assertThatThrownBy(() -> agentJobs.report(world.agent("ws1"), leased.get(0).jobId(), true, "late"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("TIMED_OUT");
        assertThat(agentJobs(change, "INSTALL")).containsExactly("TIMED_OUT");
        assertThat(deployment.countByState(change.id())).containsEntry(AssetState.INSTALL_FAILED, 1);

        // nothing got installed: continuing skips verification and rolls the failed asset back
        driver.complete(world.changeManager, change.id(), "Task_DecideWaveGate", Map.of("gateDecision", "continue",
                "gateComment", "try anyway"));
        assertThat(process).hasPassed("Gateway_VerificationNeeded").hasNotPassed("Task_AwaitVerification")
                .isWaitingAt("Task_AwaitRollback");
    }

    @Test
    void failedVerificationRollsTheAssetBack() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("ws2", Criticality.LOW, Exposure.INTERNAL, 0);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1", "ws2"), false, null);
        driver.agentsSucceed(world, change.id(), "ws1", "ws2");
        ProcessInstance process = driver.instance(change.id());
        assertThat(process).isWaitingAt("Task_AwaitVerification");
        driver.agentAnswers(world, change.id(), "ws1", true);
        driver.agentAnswers(world, change.id(), "ws2", false);

        assertThat(process).isWaitingAt("Task_AwaitRollback");
        assertThat(agentJobs(change, "ROLLBACK")).hasSize(1);
        driver.agentsSucceed(world, change.id(), "ws2");
        driver.complete(world.changeManager, change.id(), "Task_ReviewImplementation", Map.of("reviewConclusion", "follow-up",
                "reviewFindings", "service did not come back on ws2"));
        assertThat(driver.change(change.id()).outcome()).isEqualTo(ChangeOutcome.PARTIALLY_SUCCESSFUL);
    }

    @Test
    void silentAgentsDuringVerificationAndRollbackTimeOut() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false, null);
        driver.agentsSucceed(world, change.id(), "ws1");
        driver.fireTimer(change.id(), "Timer_VerificationTimeout");
        assertThat(driver.instance(change.id())).isWaitingAt("Task_AwaitRollback");
        driver.fireTimer(change.id(), "Timer_RollbackTimeout");

        assertThat(driver.instance(change.id())).isWaitingAt("Task_ReviewImplementation")
                .hasPassed("Task_ExpireVerificationJobs", "Task_ExpireRollbackJobs", "Task_OpenIncident");
        assertThat(deployment.countByState(change.id())).containsEntry(AssetState.ROLLBACK_FAILED, 1);
    }

    // --- cancellation ---------------------------------------------------------------------------

    @Test
    void changeCanBeCancelledBeforeDeployment() {
        highRiskAssets();
        ChangeRequest change = driver.submit(world, List.of(fixtures.exploitedPatch("8.0")), world.assets("app1"), false, null);
        assertThat(driver.instance(change.id())).isWaitingAt("Task_ReviewTechnically");

        changes.cancel(world.requester, change.id(), "superseded by CHG-0");
        driver.runJobs(change.id());

        assertThat(historicProcess(change)).isEnded().hasPassed("Task_RecordCancellation", "Task_CloseChange");
        assertThat(driver.tasks(change.id(), "Task_ReviewTechnically")).isEmpty();
        ChangeRequest closed = driver.change(change.id());
        assertThat(closed.outcome()).isEqualTo(ChangeOutcome.CANCELLED);
        assertThat(closed.outcomeReason()).contains(world.requester.username()).contains("superseded by CHG-0");
    }

    @Test
    void cancellationWithdrawsOpenBackupJobs() {
        highRiskAssets();
        ChangeRequest change = approvedHighRiskChange("app1");
        List<LeasedJob> leased = driver.agentLeasesSilently(world, "app1");
        changes.cancel(world.changeManager, change.id(), "vendor pulled the patch");
        driver.runJobs(change.id());

        assertThat(agentJobs(change, "BACKUP")).containsExactly("CANCELLED");
        assertThatThrownBy(() -> agentJobs.report(world.agent("app1"), leased.get(0).jobId(), true, "done"))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void cancellationIsRefusedOnceDeploymentHasStarted() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1"), false, null);
        assertThat(driver.instance(change.id())).isWaitingAt("Task_AwaitWave");

        assertThatThrownBy(() -> changes.cancel(world.requester, change.id(), "too late"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("deployment");
        assertThat(driver.instance(change.id())).isWaitingAt("Task_AwaitWave");
        assertThat(driver.change(change.id()).outcome()).isNull();
    }

    // --- agents and four-eyes ------------------------------------------------------------------

    @Test
    void duplicateAgentResultIsIgnored() {
        world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 0);
        world.asset("ws2", Criticality.LOW, Exposure.INTERNAL, 0);
        ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()), world.assets("ws1", "ws2"), false, null);
        LeasedJob job = driver.agentLeasesSilently(world, "ws1").get(0);
        agentJobs.report(world.agent("ws1"), job.jobId(), true, "first");

        assertThatThrownBy(() -> agentJobs.report(world.agent("ws1"), job.jobId(), false, "second"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already finished as SUCCEEDED");
        assertThat(agentJobs(change, "INSTALL")).containsExactlyInAnyOrder("SUCCEEDED", "QUEUED");
        Map<String, Object> batch = jdbc.sql("SELECT open_jobs, succeeded, failed FROM job_batch WHERE change_id = ? AND phase = 'INSTALL'")
                .param(change.id().value()).query().singleRow();
        assertThat(batch).containsEntry("OPEN_JOBS", 1).containsEntry("SUCCEEDED", 1).containsEntry("FAILED", 0);
        assertThat(audit.ofChange(change.id().value())).anyMatch(e -> e.kind().equals("AGENT_RESULT_IGNORED"));
        assertThat(driver.instance(change.id())).isWaitingAt("Task_AwaitWave");
    }

    @Test
    void requesterCannotApproveTheirOwnChange() {
        mediumRiskAssets();
        Actor requestingApprover = world.person("requesting-approver", Role.REQUESTER, Role.APPROVER);
        ChangeRequest change = changes.submit(requestingApprover, new io.patchflow.change.SubmitChange(world.customer, "mine", null,
                List.of(fixtures.mediumPatch()), world.assets("lab1"), null, false, null));
        driver.runJobs(change.id());
        String review = driver.taskId(change.id(), "Task_ReviewTechnically");
        assertThat(inbox.task(requestingApprover, review).blockedByFourEyes()).isTrue();

        assertThatThrownBy(() -> inbox.complete(requestingApprover, review, APPROVE_REVIEW))
                .hasRootCauseInstanceOf(ForbiddenException.class)
                .hasRootCauseMessage("four-eyes rule: " + requestingApprover.username()
                        + " requested this change and cannot approve it; another approver must decide");

        // nothing changed: the task is still open and unclaimed, nothing was recorded
        assertThat(taskService.createTaskQuery().taskId(review).singleResult().getAssignee()).isNull();
        assertThat(approvals.decisions(change.id())).isEmpty();
        driver.complete(world.approver1, change.id(), "Task_ReviewTechnically", APPROVE_REVIEW);
        assertThat(driver.instance(change.id())).isWaitingAt("Task_ApproveChange");
    }

    @Test
    void completingWithoutASignedInPersonIsRefusedByTheEngine() {
        mediumRiskAssets();
        ChangeRequest change = driver.submit(world, List.of(fixtures.mediumPatch()), world.assets("lab1"), false, null);
        String review = driver.taskId(change.id(), "Task_ReviewTechnically");
        assertThatThrownBy(() -> taskService.complete(review, APPROVE_REVIEW)).hasRootCauseInstanceOf(ForbiddenException.class);
        assertThat(driver.instance(change.id())).isWaitingAt("Task_ReviewTechnically");
    }

    // --- helpers --------------------------------------------------------------------------------

    private void highRiskAssets() {
        world.asset("app1", Criticality.MEDIUM, Exposure.INTERNAL, 0);
        world.asset("app2", Criticality.MEDIUM, Exposure.INTERNAL, 1);
    }

    private void mediumRiskAssets() {
        world.asset("lab1", Criticality.LOW, Exposure.INTERNAL, 0);
    }

    /** A normal change of an exploited patch, approved by review and CAB, now verifying backups. */
    private ChangeRequest approvedHighRiskChange(String... hosts) {
        ChangeRequest change = driver.submit(world, List.of(fixtures.exploitedPatch("8.0")), world.assets(hosts), false, null);
        driver.complete(world.approver1, change.id(), "Task_ReviewTechnically", APPROVE_REVIEW);
        driver.complete(world.approver1, change.id(), "Task_ApproveChange", APPROVE_VOTE);
        driver.complete(world.approver2, change.id(), "Task_ApproveChange", APPROVE_VOTE);
        assertThat(driver.instance(change.id())).isWaitingAt("Task_AwaitBackups");
        return change;
    }

    /** Backups, every wave, then verification all succeed. */
    private void deployEverything(ChangeRequest change, String... hosts) {
        for (int phase = 0; phase < 10 && !driver.instance(change.id()).isEnded(); phase++) {
            if (driver.timer(change.id(), "Timer_BakeTime") != null) {
                driver.fireTimer(change.id(), "Timer_BakeTime");   // a day between rings, by the default ring plan
            } else if (openAgentJobs(change) > 0) {
                driver.agentsSucceed(world, change.id(), hosts);
            } else {
                break;
            }
        }
    }

    /** A window that is closed now and opens in about a day. */
    private Long outsideWindow() {
        ZonedDateTime now = ZonedDateTime.now(ZoneId.of("UTC"));
        ZonedDateTime opens = now.plusHours(20);
        return world.window(ZoneId.of("UTC"), EnumSet.of(opens.getDayOfWeek()), LocalTime.of(opens.getHour(), 0), Duration.ofHours(1));
    }

    private long openAgentJobs(ChangeRequest change) {
        return jdbc.sql("SELECT COUNT(*) FROM agent_job WHERE change_id = ? AND status IN ('QUEUED','LEASED')")
                .param(change.id().value()).query(Long.class).single();
    }

    private long agentJobCount(ChangeRequest change) {
        return jdbc.sql("SELECT COUNT(*) FROM agent_job WHERE change_id = ?").param(change.id().value()).query(Long.class).single();
    }

    private List<String> agentJobs(ChangeRequest change, String type) {
        return jdbc.sql("SELECT status FROM agent_job WHERE change_id = ? AND job_type = ?").params(change.id().value(), type)
                .query(String.class).list();
    }

    private List<ChangeConflict> conflictsOf(ChangeRequest change) {
        return schedule.conflicts(change.id());
    }

    private List<String> notes(ChangeRequest change) {
        return tickets.ticketsOf(change.id().value()).stream().filter(t -> t.kind().equals("REQUEST"))
                .flatMap(t -> t.notes().stream()).map(Ticket.TicketNote::milestone).toList();
    }

    private List<String> visibleTaskKeys(Actor actor) {
        return inbox.tasks(actor, 0, 200).items().stream().map(InboxTask::taskDefinitionKey).toList();
    }

    private ProcessInstance historicProcess(ChangeRequest change) {
        return driver.instance(change.id());
    }

}
