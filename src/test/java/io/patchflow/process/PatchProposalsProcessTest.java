package io.patchflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
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

import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeOutcome;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeService;
import io.patchflow.change.ChangeStatus;
import io.patchflow.change.ChangeType;
import io.patchflow.change.SubmitChange;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.inventory.InventoryFacts;
import io.patchflow.inventory.ReportedFacts;
import io.patchflow.patch.Cve;
import io.patchflow.patch.Patch;
import io.patchflow.patch.PatchCatalog;
import io.patchflow.patch.PatchType;
import io.patchflow.policy.Policies;
import io.patchflow.policy.StandardTemplate;
import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchProposals;
import io.patchflow.process.model.PatchChange.ReviewConclusion;
import io.patchflow.process.model.PatchChange.ReviewDecision;
import io.patchflow.proposal.Proposal;
import io.patchflow.proposal.ProposalProcess;
import io.patchflow.proposal.ProposalService;
import io.patchflow.proposal.ProposalStatus;
import io.patchflow.security.Actor;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.testsupport.Fixtures;
import io.patchflow.testsupport.ProcessDriver;

/**
 * Scenarios of bpmn/patch-proposals.bpmn: agents report pending updates, a run proposes
 * changes, standard-template matches start by themselves, the others wait for a
 * requester. Jobs are run by hand.
 */
@SpringBootTest
@ActiveProfiles("test")
@Import({ ProcessEngineCoverageConfiguration.class, PatchProposalsProcessTest.Coverage.class })
@TestExecutionListeners(value = ProcessEngineCoverageTestExecutionListener.class,
        mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
class PatchProposalsProcessTest {

    @TestConfiguration
    static class Coverage {

        // Primary: ProcessEngineCoverageConfiguration registers a default bean too, and
        // the listener looks the properties up by type; with two candidates and no
        // primary it silently falls back to no gate at all.
        @Bean
        @org.springframework.context.annotation.Primary
        ProcessEngineCoverageProperties processEngineCoverageProperties() {
            // The changes these scenarios submit run patch-change, whose coverage
            // PatchChangeProcessTest asserts.
            return ProcessEngineCoverageProperties.builder()
                .assertClassCoverageAtLeast(0.9)
                .excludeProcessDefinitionKeys(PatchChange.PROCESS_KEY)
                .build();
        }

    }

    @Autowired
    ProcessEngine engine;

    @Autowired
    ManagementService management;

    @Autowired
    RuntimeService runtime;

    @Autowired
    Fixtures fixtures;

    @Autowired
    ProcessDriver driver;

    @Autowired
    ProposalService proposals;

    @Autowired
    ProposalProcess proposalProcess;

    @Autowired
    InventoryFacts inventoryFacts;

    @Autowired
    PatchCatalog patches;

    @Autowired
    Policies policies;

    @Autowired
    ChangeService changes;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditTrail audit;

    Fixtures.World world;

    @BeforeEach
    void newWorld() {
        AbstractAssertions.init(engine);
        world = fixtures.world();
    }

    @Test
    void aPendingUpdateForAKnownExploitedCveBecomesAnEmergencyProposalDueByTheCatalogsDate() {
        long web = world.asset("web1", Criticality.HIGH, Exposure.INTERNET_FACING, 0);
        LocalDate due = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        String pkg = "apache2-" + world.customer;
        long patch = catalogPatch(pkg, "2.4.62-1~deb12u1", PatchType.SECURITY, "9.1");
        knownExploited(patch, due);
        report(web, pkg, "2.4.61-1", "2.4.62-1~deb12u1");

        ProcessInstance run = run();

        assertThat(run).isEnded()
            .hasPassed(PatchProposals.TASK_PROPOSE_CHANGES, PatchProposals.END_EVENT_PROPOSALS_WAITING)
            .hasNotPassed(PatchProposals.TASK_START_STANDARD_CHANGES);
        Proposal proposal = onlyOpenProposal();
        assertThat(proposal.riskLevel()).isEqualTo("CRITICAL");
        assertThat(proposal.changeType()).isEqualTo("EMERGENCY");
        assertThat(proposal.slaBand()).isEqualTo("KNOWN_EXPLOITED");
        assertThat(proposal.slaDueAt()).isEqualTo(due.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        assertThat(proposal.slaBasis()).startsWith("CISA KEV due date " + due);
        assertThat(proposal.explanation()).contains("Known exploited in the wild (CISA KEV) +40",
                "Critical severity: CVSS 9.0 or more +55");

        ChangeRequest change = proposals.accept(world.requester, proposal.id());
        driver.runJobs(change.id());

        assertThat(driver.change(change.id()).changeType()).isEqualTo(ChangeType.EMERGENCY);
        assertThat(driver.change(change.id()).requester()).isEqualTo(world.requester.username());
        // The change keeps the proposal's deadline: the clock started when the update was
        // first reported.
        assertThat(slaDueOf(change.id())).isEqualTo(proposal.slaDueAt());
        assertThat(proposals.details(world.requester, proposal.id()).proposal().status())
            .isEqualTo(ProposalStatus.ACCEPTED);
        assertThatThrownBy(() -> proposals.accept(world.changeManager, proposal.id()))
            .isInstanceOf(ConflictException.class)
            .hasMessageContaining("already ACCEPTED");

        // A running change covers the patch on that asset: the next run proposes nothing
        // new for it.
        run();
        assertThat(open()).isEmpty();
    }

    @Test
    void aProposalThatFitsAStandardTemplateIsSubmittedByItself() {
        long ws1 = world.asset("ws1", Criticality.LOW, Exposure.INTERNAL, 1);
        long ws2 = world.asset("ws2", Criticality.MEDIUM, Exposure.INTERNAL, 1);
        tag(ws1, "workstation");
        tag(ws2, "workstation");
        policies.installTemplate(new StandardTemplate(0, world.customer, "Workstation updates",
                EnumSet.of(PatchType.MAINTENANCE, PatchType.APPLICATION), Criticality.MEDIUM, false, "workstation"),
                "test");
        String pkg = "firefox-esr-" + world.customer;
        catalogPatch(pkg, "128.5.0esr-1~deb12u1", PatchType.APPLICATION, null);
        report(ws1, pkg, "128.4.0esr-1~deb12u1", "128.5.0esr-1~deb12u1");
        report(ws2, pkg, "128.4.0esr-1~deb12u1", "128.5.0esr-1~deb12u1");

        ProcessInstance run = run();

        assertThat(run).isEnded()
            .hasPassed(PatchProposals.TASK_START_STANDARD_CHANGES, PatchProposals.END_EVENT_STANDARD_CHANGES_SUBMITTED);
        List<Proposal> started = proposals.list(world.changeManager, ProposalStatus.STARTED, 0, 50).items();
        assertThat(started).hasSize(1);
        assertThat(started.get(0).standardTemplate()).isEqualTo("Workstation updates");
        assertThat(started.get(0).assetCount()).isEqualTo(2);
        ChangeId changeId = new ChangeId(started.get(0).changeId());
        driver.runJobs(changeId);
        ChangeRequest change = driver.change(changeId);
        assertThat(change.changeType()).isEqualTo(ChangeType.STANDARD);
        assertThat(change.requester()).isEqualTo(Actor.SYSTEM_NAME);
    }

    @Test
    void proposalsAreGroupedPerRingAndWindow() {
        long pilot = world.asset("pilot", Criticality.LOW, Exposure.INTERNAL, 0);
        long ws = world.asset("ws", Criticality.LOW, Exposure.INTERNAL, 1);
        long ws2 = world.asset("ws2", Criticality.LOW, Exposure.INTERNAL, 1);
        String pkg = "tzdata-" + world.customer;
        catalogPatch(pkg, "2025b-0+deb12u1", PatchType.MAINTENANCE, null);
        for (long asset : List.of(pilot, ws, ws2)) {
            report(asset, pkg, "2025a-0+deb12u1", "2025b-0+deb12u1");
        }

        run();

        assertThat(open()).extracting(Proposal::ring, Proposal::assetCount)
            .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(0, 1),
                    org.assertj.core.groups.Tuple.tuple(1, 2));
        assertThat(open()).allSatisfy(p -> assertThat(p.slaBand()).isEqualTo("LOW"));
    }

    @Test
    void aDismissedProposalNeedsAReasonAndIsNotProposedAgain() {
        long app = world.asset("app", Criticality.MEDIUM, Exposure.INTERNAL, 0);
        String pkg = "openssl-" + world.customer;
        catalogPatch(pkg, "3.0.15-1~deb12u1", PatchType.SECURITY, "7.5");
        report(app, pkg, "3.0.14-1~deb12u2", "3.0.15-1~deb12u1");
        run();
        Proposal proposal = onlyOpenProposal();
        assertThat(proposal.slaBand()).isEqualTo("HIGH");

        assertThatThrownBy(() -> proposals.dismiss(world.requester, proposal.id(), "  "))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("say why");
        Fixtures.World other = fixtures.world();
        assertThatThrownBy(() -> proposals.dismiss(other.requester, proposal.id(), "not mine"))
            .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> proposals.accept(world.approver1, proposal.id()))
            .isInstanceOf(io.patchflow.shared.ForbiddenException.class);
        assertThat(onlyOpenProposal().status()).isEqualTo(ProposalStatus.OPEN);

        proposals.dismiss(world.requester, proposal.id(), "host is retired next week");
        run();

        assertThat(open()).isEmpty();
        assertThat(proposals.list(world.requester, ProposalStatus.DISMISSED, 0, 50).items())
            .extracting(Proposal::reason)
            .containsExactly("host is retired next week");
    }

    @Test
    void aProposalWhoseUpdateWasInstalledMeanwhileBecomesObsolete() {
        long app = world.asset("app", Criticality.LOW, Exposure.INTERNAL, 0);
        String pkg = "libxml2-" + world.customer;
        catalogPatch(pkg, "2.9.14+dfsg-1.3~deb12u2", PatchType.SECURITY, "6.5");
        report(app, pkg, "2.9.14+dfsg-1.3~deb12u1", "2.9.14+dfsg-1.3~deb12u2");
        run();
        Proposal proposal = onlyOpenProposal();

        // Someone installed it by hand: the agent now reports the package up to date.
        report(app, pkg, "2.9.14+dfsg-1.3~deb12u2", null);
        run();

        assertThat(open()).isEmpty();
        assertThat(proposals.details(world.requester, proposal.id()).proposal())
            .satisfies(p -> assertThat(p.status()).isEqualTo(ProposalStatus.OBSOLETE))
            .satisfies(p -> assertThat(p.reason()).isEqualTo("no longer pending on any of its assets"));
        assertThatThrownBy(() -> proposals.accept(world.requester, proposal.id())).isInstanceOf(ConflictException.class)
            .hasMessageContaining("already OBSOLETE");
    }

    // --- issue 13: a patch is proposed once per asset (ADR 0030) ---

    @Test
    void aStandardChangeIsProposedAndDeployedOnceHoweverOftenTheRunComes() {
        long patch = labWithPendingTzdata("lab1", "lab2", "lab3");

        // The demo's loop: the agents reported the update before the install and not
        // since, so asset_pending_patch still lists it when the next runs come.
        for (int cycle = 0; cycle < 5; cycle++) {
            run();
            run(); // while the change it started is under way
            deployStartedChanges("lab1", "lab2", "lab3");
        }

        List<Proposal> all = allProposals();
        assertThat(all).extracting(Proposal::status).containsExactly(ProposalStatus.STARTED);
        ChangeId change = new ChangeId(all.get(0).changeId());
        assertThat(changesOfWorld()).containsExactly(change.value());
        assertThat(driver.change(change).outcome()).isEqualTo(ChangeOutcome.SUCCESSFUL);
        assertThat(installJobs()).as("deployed once: one install job per asset").isEqualTo(3);
        assertThat(stillPending(patch)).isEmpty();
    }

    @Test
    void anUpdateStillReportedPendingAfterItsInstallFlagsTheAssetOnceAndProposesNothing() {
        long patch = labWithPendingTzdata("lab1", "lab2", "lab3");
        run();
        deployStartedChanges("lab1", "lab2", "lab3");
        ChangeId change = new ChangeId(allProposals().get(0).changeId());

        // The agents keep reporting the update pending after the install.
        for (int cycle = 0; cycle < 3; cycle++) {
            for (String host : List.of("lab1", "lab2", "lab3")) {
                report(world.assetId(host), "tzdata-" + world.customer, "2025a-0+deb12u1", "2025b-0+deb12u1");
            }
            ProcessInstance run = run();
            assertThat(run).hasPassed(PatchProposals.END_EVENT_PROPOSALS_WAITING);
        }

        assertThat(allProposals()).hasSize(1);
        assertThat(changesOfWorld()).containsExactly(change.value());
        assertThat(stillPending(patch))
            .containsOnlyKeys(world.assetId("lab1"), world.assetId("lab2"), world.assetId("lab3"))
            .allSatisfy((asset, after) -> assertThat(after).isEqualTo(change.value()));
        assertThat(audit.ofChange(change.value())).filteredOn(e -> e.kind().equals("UPDATE_STILL_PENDING"))
            .singleElement()
            .satisfies(e -> assertThat(e.detail()).contains(world.customer + "-lab1", world.customer + "-lab3",
                    "still reported pending after " + change));

        // One agent now reports it installed: its flag goes, the others stay, nothing is
        // recorded again.
        report(world.assetId("lab1"), "tzdata-" + world.customer, "2025b-0+deb12u1", null);
        run();
        assertThat(stillPending(patch)).containsOnlyKeys(world.assetId("lab2"), world.assetId("lab3"));
        assertThat(audit.ofChange(change.value())).filteredOn(e -> e.kind().equals("UPDATE_STILL_PENDING")).hasSize(1);
        assertThat(allProposals()).hasSize(1);

        // A person installs it on lab2 again by hand: while that change is under way the
        // flag is off; when it still does not take, the flag names the new change.
        ChangeId retry = changes
            .submit(world.requester,
                    new SubmitChange(world.customer, "tzdata on lab2 once more", null, List.of(patch),
                            List.of(world.assetId("lab2")), null, false, null))
            .id();
        run();
        assertThat(stillPending(patch)).containsOnlyKeys(world.assetId("lab3"));
        driver.runJobs(retry);
        deploy(retry, "lab2");
        report(world.assetId("lab2"), "tzdata-" + world.customer, "2025a-0+deb12u1", "2025b-0+deb12u1");
        run();
        assertThat(stillPending(patch)).containsOnlyKeys(world.assetId("lab2"), world.assetId("lab3"))
            .containsEntry(world.assetId("lab2"), retry.value())
            .containsEntry(world.assetId("lab3"), change.value());
        assertThat(audit.ofChange(retry.value())).filteredOn(e -> e.kind().equals("UPDATE_STILL_PENDING"))
            .singleElement()
            .satisfies(e -> assertThat(e.detail()).contains(world.customer + "-lab2").doesNotContain("-lab3"));
        assertThat(allProposals()).hasSize(1);
    }

    @Test
    void aStandardChangeCancelledBeforeItsDeploymentIsProposedAgainButWaitsForAPerson() {
        labWithPendingTzdata("lab1", "lab2");
        run();
        ChangeId cancelled = new ChangeId(allProposals().get(0).changeId());
        changes.cancel(world.changeManager, cancelled, "change freeze this week");
        driver.runJobs(cancelled);
        assertThat(driver.change(cancelled).outcome()).isEqualTo(ChangeOutcome.CANCELLED);

        for (int cycle = 0; cycle < 3; cycle++) {
            ProcessInstance run = run();
            assertThat(run).hasNotPassed(PatchProposals.TASK_START_STANDARD_CHANGES);
        }

        Proposal again = onlyOpenProposal();
        assertThat(again.proposedAgain()).isTrue();
        assertThat(again.standardTemplate()).as("it fits the template, and still waits").isEqualTo("Lab updates");
        assertThat(again.startsByItself()).isFalse();
        assertThat(again.assetCount()).isEqualTo(2);
        assertThat(again.explanation()).startsWith("Proposed again, for a person to decide")
            .contains(cancelled + " CANCELLED");
        assertThat(changesOfWorld()).containsExactly(cancelled.value());

        // A person accepts it: it deploys, and then it is done.
        ChangeId accepted = proposals.accept(world.requester, again.id()).id();
        driver.runJobs(accepted);
        deploy(accepted, "lab1", "lab2");
        run();
        run();
        assertThat(open()).isEmpty();
        assertThat(changesOfWorld()).containsExactly(cancelled.value(), accepted.value());
    }

    @Test
    void anUpdateRolledBackOnOneAssetIsProposedAgainForThatAssetOnlyAndADismissalEndsIt() {
        long patch = labWithPendingTzdata("lab1", "lab2");
        run();
        ChangeId change = new ChangeId(allProposals().get(0).changeId());
        driver.runJobs(change);
        driver.agentsSucceed(world, change, "lab1", "lab2"); // installs
        driver.agentAnswers(world, change, "lab1", false); // verification fails: rolled
                                                           // back
        driver.agentAnswers(world, change, "lab2", true);
        driver.agentsSucceed(world, change, "lab1"); // the rollback
        driver.complete(world.changeManager, change, PatchChange.TASK_REVIEW_IMPLEMENTATION,
                Map.of(PatchChange.VAR_REVIEW_CONCLUSION, ReviewConclusion.FOLLOW_UP, PatchChange.VAR_REVIEW_FINDINGS,
                        "the clock service did not come back on lab1"));
        assertThat(driver.change(change).outcome()).isEqualTo(ChangeOutcome.PARTIALLY_SUCCESSFUL);
        // lab1's agent reports the update pending again after the rollback, rightly;
        // lab2's still does too, wrongly.
        report(world.assetId("lab1"), "tzdata-" + world.customer, "2025a-0+deb12u1", "2025b-0+deb12u1");
        report(world.assetId("lab2"), "tzdata-" + world.customer, "2025a-0+deb12u1", "2025b-0+deb12u1");

        run();
        run();

        Proposal again = onlyOpenProposal();
        assertThat(proposals.details(world.requester, again.id()).assetIds()).containsExactly(world.assetId("lab1"));
        assertThat(again.proposedAgain()).isTrue();
        assertThat(again.explanation()).contains(change + " ROLLED_BACK");
        assertThat(stillPending(patch)).containsOnlyKeys(world.assetId("lab2"));

        proposals.dismiss(world.requester, again.id(), "tzdata breaks the clock service on lab1; vendor case open");
        run();
        assertThat(open()).isEmpty();
        assertThat(changesOfWorld()).containsExactly(change.value());
    }

    @Test
    void aRejectedChangesUpdateIsProposedAgainForAPerson() {
        long app = world.asset("app", Criticality.MEDIUM, Exposure.INTERNAL, 0);
        String pkg = "openssl-" + world.customer;
        catalogPatch(pkg, "3.0.15-1~deb12u1", PatchType.SECURITY, "7.5");
        report(app, pkg, "3.0.14-1~deb12u2", "3.0.15-1~deb12u1");
        run();
        ChangeId change = proposals.accept(world.requester, onlyOpenProposal().id()).id();
        driver.runJobs(change);
        driver.complete(world.approver1, change, PatchChange.TASK_REVIEW_TECHNICALLY,
                Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.REJECT, PatchChange.VAR_REVIEW_COMMENT,
                        "not in the week of the audit"));
        assertThat(driver.change(change).outcome()).isEqualTo(ChangeOutcome.REJECTED);

        run();

        Proposal again = onlyOpenProposal();
        assertThat(again.proposedAgain()).isTrue();
        assertThat(again.explanation()).contains(change + " PENDING");
        run();
        assertThat(open()).extracting(Proposal::id).containsExactly(again.id());
    }

    @Test
    void aProposalHoldsNoPatchForAnAssetThatTheRuleKeepsFromIt() {
        long one = world.asset("one", Criticality.LOW, Exposure.INTERNAL, 0);
        long two = world.asset("two", Criticality.LOW, Exposure.INTERNAL, 0);
        String tz = "tzdata-" + world.customer;
        String curl = "curl-" + world.customer;
        long tzdata = catalogPatch(tz, "2025b-0+deb12u1", PatchType.MAINTENANCE, null);
        long curlPatch = catalogPatch(curl, "7.88.1-10+deb12u8", PatchType.SECURITY, "5.3");
        report(one, tz, "2025a-0+deb12u1", "2025b-0+deb12u1");
        run();
        ChangeId installed = proposals.accept(world.requester, onlyOpenProposal().id()).id();
        driver.runJobs(installed);
        deploy(installed, "one");
        // "one" still reports tzdata pending and now curl too; "two" reports tzdata.
        inventoryFacts.report(one,
                new ReportedFacts("Debian GNU/Linux 12 (bookworm)", false,
                        List.of(new ReportedFacts.ReportedPackage(tz, "2025a-0+deb12u1", "2025b-0+deb12u1"),
                                new ReportedFacts.ReportedPackage(curl, "7.88.1-10+deb12u7", "7.88.1-10+deb12u8"))));
        report(two, tz, "2025a-0+deb12u1", "2025b-0+deb12u1");

        run();

        // Not one proposal of both patches on both assets: that would install tzdata on
        // "one" again.
        assertThat(open()).hasSize(2)
            .allSatisfy(p -> assertThat(p.assetCount() * p.patchCount()).isEqualTo(1))
            .extracting(p -> proposals.details(world.requester, p.id()))
            .extracting(d -> d.assetIds().get(0) + ":" + d.patches().get(0).id())
            .containsExactlyInAnyOrder(one + ":" + curlPatch, two + ":" + tzdata);
        assertThat(stillPending(tzdata)).containsOnlyKeys(one);
    }

    @Test
    void anAdministratorCanStartARunAtOnce() {
        String id = proposalProcess.runNow();

        assertThat(runtime.createProcessInstanceQuery().processInstanceId(id).singleResult().getProcessDefinitionId())
            .startsWith(PatchProposals.PROCESS_KEY + ":");
        runJobs(id);
    }

    @Test
    void theTimerStartsARunOnItsCycle() {
        long app = world.asset("app", Criticality.LOW, Exposure.INTERNAL, 0);
        String pkg = "curl-" + world.customer;
        catalogPatch(pkg, "7.88.1-10+deb12u8", PatchType.SECURITY, "5.3");
        report(app, pkg, "7.88.1-10+deb12u7", "7.88.1-10+deb12u8");
        Job timer = management.createJobQuery()
            .processDefinitionKey(PatchProposals.PROCESS_KEY)
            .timers()
            .singleResult();
        assertThat(timer).as("the timer start event's job").isNotNull();
        Set<String> before = instanceIds();

        management.executeJob(timer.getId());
        Set<String> started = instanceIds();
        started.removeAll(before);
        assertThat(started).hasSize(1);
        runJobs(started.iterator().next());

        assertThat(open()).extracting(Proposal::slaBand).containsExactly("MEDIUM");
        // The cycle goes on: the next run is scheduled.
        assertThat(management.createJobQuery().processDefinitionKey(PatchProposals.PROCESS_KEY).timers().count())
            .isEqualTo(1);
    }

    // --- support ---

    /**
     * A run started the way the administrator's "run now" does (ProposalProcessAdapter),
     * with its jobs run by hand.
     */
    private ProcessInstance run() {
        ProcessInstance instance = runtime.startProcessInstanceByKey(PatchProposals.PROCESS_KEY);
        runJobs(instance.getId());
        return instance;
    }

    private void runJobs(String processInstanceId) {
        for (int i = 0; i < 20; i++) {
            List<Job> jobs = management.createJobQuery().processInstanceId(processInstanceId).executable().list();
            if (jobs.isEmpty()) {
                return;
            }
            jobs.forEach(job -> management.executeJob(job.getId()));
        }
        throw new AssertionError("process " + processInstanceId + " keeps making jobs");
    }

    private Set<String> instanceIds() {
        return engine.getHistoryService()
            .createHistoricProcessInstanceQuery()
            .processDefinitionKey(PatchProposals.PROCESS_KEY)
            .list()
            .stream()
            .map(p -> p.getId())
            .collect(Collectors.toSet());
    }

    /**
     * Lab machines of the world in ring 0 with a pending tzdata update that fits the
     * world's standard template "Lab updates".
     */
    private long labWithPendingTzdata(String... hosts) {
        policies.installTemplate(
                new StandardTemplate(0, world.customer, "Lab updates",
                        EnumSet.of(PatchType.MAINTENANCE, PatchType.APPLICATION), Criticality.LOW, false, "lab"),
                "test");
        String pkg = "tzdata-" + world.customer;
        long patch = catalogPatch(pkg, "2025b-0+deb12u1", PatchType.MAINTENANCE, null);
        for (String host : hosts) {
            long asset = world.asset(host, Criticality.LOW, Exposure.INTERNAL, 0);
            tag(asset, "lab");
            report(asset, pkg, "2025a-0+deb12u1", "2025b-0+deb12u1");
        }
        return patch;
    }

    /** Runs every change the proposal runs started to its end, all agents succeeding. */
    private void deployStartedChanges(String... hosts) {
        for (Proposal started : proposals.list(world.requester, ProposalStatus.STARTED, 0, 50).items()) {
            ChangeId id = new ChangeId(started.changeId());
            if (driver.change(id).status() != ChangeStatus.CLOSED) {
                driver.runJobs(id);
                deploy(id, hosts);
            }
        }
    }

    /** Every agent succeeds at every job of the change, bake times are cut short. */
    private void deploy(ChangeId id, String... hosts) {
        for (int round = 0; round < 10 && driver.change(id).status() != ChangeStatus.CLOSED; round++) {
            driver.agentsSucceed(world, id, hosts);
            if (driver.timer(id, PatchChange.TIMER_BAKE_TIME) != null) {
                driver.fireTimer(id, PatchChange.TIMER_BAKE_TIME);
            }
        }
        assertThat(driver.change(id).status()).isEqualTo(ChangeStatus.CLOSED);
    }

    private List<Proposal> allProposals() {
        return java.util.Arrays.stream(ProposalStatus.values())
            .flatMap(status -> proposals.list(world.requester, status, 0, 50).items().stream())
            .toList();
    }

    private List<Long> changesOfWorld() {
        return jdbc.sql("SELECT id FROM change_request WHERE customer_id = ? ORDER BY id")
            .param(world.customer)
            .query(Long.class)
            .list();
    }

    private long installJobs() {
        return jdbc
            .sql("SELECT COUNT(*) FROM agent_job j JOIN change_request c ON c.id = j.change_id "
                    + "WHERE c.customer_id = ? AND j.job_type = 'INSTALL'")
            .param(world.customer)
            .query(Long.class)
            .single();
    }

    /** Asset to change, for the assets flagged as still reporting the patch pending. */
    private Map<Long, Long> stillPending(long patch) {
        Map<Long, Long> flagged = new java.util.HashMap<>();
        jdbc.sql("SELECT asset_id, still_pending_after_change FROM asset_pending_patch "
                + "WHERE patch_id = ? AND flagged_at IS NOT NULL")
            .param(patch)
            .query(rs -> {
                flagged.put(rs.getLong(1), rs.getLong(2));
            });
        return flagged;
    }

    private List<Proposal> open() {
        return proposals.list(world.requester, ProposalStatus.OPEN, 0, 50).items();
    }

    private Proposal onlyOpenProposal() {
        List<Proposal> open = open();
        assertThat(open).hasSize(1);
        return open.get(0);
    }

    private long catalogPatch(String pkg, String version, PatchType type, String cvss) {
        List<Cve> cves = cvss == null ? List.of() : List
            .of(new Cve("CVE-2099-" + (50000 + Math.abs(pkg.hashCode() % 40000)), new BigDecimal(cvss), false));
        return patches.create(new Patch(0, "Debian", PatchCatalog.vendorId("Debian", pkg, version), pkg + " " + version,
                pkg, version, type, false, LocalDate.now(), cves));
    }

    private void knownExploited(long patch, LocalDate due) {
        String cve = jdbc.sql("SELECT cve_id FROM patch_cve WHERE patch_id = ?")
            .param(patch)
            .query(String.class)
            .single();
        jdbc.sql(
                "INSERT INTO kev_entry(cve_id, vendor_project, product, vulnerability_name, date_added, short_description, "
                        + "required_action, due_date, known_ransomware) VALUES (?,?,?,?,?,?,?,?,?)")
            .params(cve, "Apache", "HTTP Server", "test flaw", Date.valueOf(due.minusDays(21)), "a test flaw",
                    "patch it", Date.valueOf(due), "Unknown")
            .update();
    }

    private void report(long assetId, String pkg, String installed, String candidate) {
        inventoryFacts.report(assetId, new ReportedFacts("Debian GNU/Linux 12 (bookworm)", false,
                List.of(new ReportedFacts.ReportedPackage(pkg, installed, candidate))));
    }

    private void tag(long assetId, String tag) {
        jdbc.sql("INSERT INTO asset_tag(asset_id, tag) VALUES (?,?)").params(assetId, tag).update();
    }

    private Instant slaDueOf(ChangeId id) {
        return jdbc.sql("SELECT sla_due_at FROM change_request WHERE id = ?")
            .param(id.value())
            .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant())
            .single();
    }

}
