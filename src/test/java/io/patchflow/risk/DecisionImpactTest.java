package io.patchflow.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeService;
import io.patchflow.change.ChangeType;
import io.patchflow.change.RiskLevel;
import io.patchflow.change.SubmitChange;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.risk.ImpactReport.Field;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.testsupport.Fixtures;
import io.patchflow.testsupport.RepositoryFiles;

/**
 * The impact preview on the real database and the deployed bpmn/change-risk.dmn: changes
 * of two customers with stored assessments, previewed with the shipped tables, with a
 * lowered threshold, with a broken output and with drafts the preview refuses.
 */
@SpringBootTest
@ActiveProfiles("test")
class DecisionImpactTest {

    /** When the SLA clock of every change here started: the deadlines are fixed. */
    static final Instant CLOCK = Instant.parse("2026-01-05T08:00:00Z");

    @Autowired
    DecisionImpact impact;

    @Autowired
    AssessmentRepository assessments;

    @Autowired
    ChangeService changes;

    @Autowired
    Fixtures fixtures;

    Fixtures.World acme;

    Fixtures.World globex;

    /** 95 points, exploited: critical and an emergency already. */
    ChangeId alreadyCritical;

    /** 20 points: medium, CVSS 5.0. */
    ChangeId medium;

    /** 80 points, not exploited: high, critical from 80. */
    ChangeId critical80;

    /** 85 points, exploited: high by the known-exploited floor; an emergency from 80. */
    ChangeId exploited85;

    /** Assessed twice: first as exploited85, then (latest) as medium. */
    ChangeId reassessed;

    /** Another customer's change with exploited85's facts. */
    ChangeId theirs;

    static final String SHIPPED = read();

    static final String THRESHOLD_80 = SHIPPED.replace(
            "<inputEntry id=\"In_risk_level_1_0\"><text>&gt;= 90</text></inputEntry>",
            "<inputEntry id=\"In_risk_level_1_0\"><text>&gt;= 80</text></inputEntry>");

    @BeforeEach
    void assessedChangesOfTwoCustomers() {
        acme = fixtures.world();
        globex = fixtures.world();
        acme.asset("web1", Criticality.MEDIUM, Exposure.INTERNAL, 0);
        globex.asset("web1", Criticality.MEDIUM, Exposure.INTERNAL, 0);
        alreadyCritical = change(acme, "Exploited OpenSSL", facts(9.8, true, "LOW", false));
        medium = change(acme, "Medium libxml2", facts(5.0, false, "LOW", false));
        critical80 = change(acme, "Critical nginx on the edge", facts(9.0, false, "HIGH", true));
        exploited85 = change(acme, "Exploited sudo", facts(7.5, true, "HIGH", false));
        reassessed = change(acme, "Reassessed curl", facts(7.5, true, "HIGH", false));
        store(reassessed, facts(5.0, false, "LOW", false));
        theirs = change(globex, "Their exploited sudo", facts(7.5, true, "HIGH", false));
    }

    @Test
    void theShippedTablesUnchangedDifferFromThePublishedOnesInNothing() {
        ImpactReport report = impact.preview(bytes(SHIPPED), Set.of(acme.customer));

        assertThat(report.evaluated()).isEqualTo(5);
        assertThat(report.differing()).isZero();
        assertThat(report.rows()).isEmpty();
        assertThat(report.failed()).isZero();
        assertThat(report.differingByField()).containsOnlyKeys(Field.values())
            .allSatisfy((f, n) -> assertThat(n).isZero());
        assertThat(report.draftDecisions()).containsExactlyElementsOf(RiskAssessmentService.DECISIONS);
        assertThat(report.changedDecisions()).isEmpty();
        assertThat(report.lastN()).isEqualTo(DecisionImpact.DEFAULT_LAST_N);
    }

    @Test
    void aLowerCriticalThresholdListsTheChangesThatWouldBecomeCriticalWithOldAndNewValues() {
        ImpactReport report = impact.preview(bytes(THRESHOLD_80), Set.of(acme.customer), 500);

        assertThat(report.evaluated()).isEqualTo(5);
        assertThat(report.changedDecisions()).containsExactly("risk-level");
        assertThat(report.differing()).isEqualTo(2);
        // newest first; the reassessed change differs only on its older round's facts
        assertThat(report.rows()).extracting(ImpactReport.Row::change).containsExactly(exploited85, critical80);
        ImpactReport.Row emergency = report.rows().get(0);
        assertThat(emergency.title()).isEqualTo("Exploited sudo");
        assertThat(emergency.customerId()).isEqualTo(acme.customer);
        assertThat(emergency.riskScoreBefore()).isEqualTo(85);
        assertThat(emergency.riskScoreAfter()).isEqualTo(85);
        assertThat(emergency.changes()).extracting(c -> tuple(c.field(), c.before(), c.after()))
            .containsExactly(tuple(Field.RISK_LEVEL, "HIGH", "CRITICAL"),
                    tuple(Field.CHANGE_TYPE, "NORMAL", "EMERGENCY"), tuple(Field.APPROVERS,
                            "review: approver; CAB: approver, 2 of 3 seats", "emergency: change-manager"),
                    tuple(Field.APPROVAL_DEADLINE, "P1D", "PT2H"));
        assertThat(report.rows().get(1).changes()).extracting(c -> tuple(c.field(), c.before(), c.after()))
            .containsExactly(tuple(Field.RISK_LEVEL, "HIGH", "CRITICAL"));
        assertThat(report.differingByField()).containsEntry(Field.RISK_LEVEL, 2)
            .containsEntry(Field.CHANGE_TYPE, 1)
            .containsEntry(Field.APPROVERS, 1)
            .containsEntry(Field.APPROVAL_DEADLINE, 1)
            .containsEntry(Field.BACKUP_REQUIRED, 0)
            .containsEntry(Field.SLA_DEADLINE, 0);
    }

    @Test
    void aDraftOfOneDecisionIsPreviewedOverThePublishedOthers() {
        String riskLevelOnly = definitions(decision(THRESHOLD_80, "risk-level"));

        ImpactReport report = impact.preview(bytes(riskLevelOnly), Set.of(acme.customer), 500);

        assertThat(report.draftDecisions()).containsExactly("risk-level");
        assertThat(report.rows()).extracting(ImpactReport.Row::change).containsExactly(exploited85, critical80);
        assertThat(report.rows().get(0).changes()).extracting(ImpactReport.FieldChange::field)
            .containsExactly(Field.RISK_LEVEL, Field.CHANGE_TYPE, Field.APPROVERS, Field.APPROVAL_DEADLINE);
    }

    @Test
    void aNewSlaBandShowsTheDeadlineTheCustomersPolicyGivesFromTheChangesClock() {
        String highFrom5 = SHIPPED.replace("<inputEntry id=\"In_sla_deadline_3_1\"><text>&gt;= 7.0</text></inputEntry>",
                "<inputEntry id=\"In_sla_deadline_3_1\"><text>&gt;= 5.0</text></inputEntry>");

        ImpactReport report = impact.preview(bytes(highFrom5), Set.of(acme.customer), 500);

        // the reassessed change's latest facts are medium's too
        assertThat(report.rows()).extracting(ImpactReport.Row::change).containsExactly(reassessed, medium);
        assertThat(report.rows().get(1).changes()).extracting(c -> tuple(c.field(), c.before(), c.after()))
            .containsExactly(
                    tuple(Field.SLA_DEADLINE, "MEDIUM, due 2026-02-04 08:00 UTC", "HIGH, due 2026-01-19 08:00 UTC"));
        assertThat(report.differingByField()).containsEntry(Field.SLA_DEADLINE, 2).containsEntry(Field.RISK_LEVEL, 0);
    }

    @Test
    void anotherCustomersChangeIsNeverEvaluatedNorListed() {
        ImpactReport ours = impact.preview(bytes(THRESHOLD_80), Set.of(acme.customer), 500);
        ImpactReport theirsOnly = impact.preview(bytes(THRESHOLD_80), Set.of(globex.customer), 500);
        ImpactReport nobodys = impact.preview(bytes(THRESHOLD_80), Set.of(), 500);

        assertThat(ours.rows()).extracting(ImpactReport.Row::change).doesNotContain(theirs);
        assertThat(ours.rows()).extracting(ImpactReport.Row::customerId).containsOnly(acme.customer);
        assertThat(ours.evaluated()).isEqualTo(5);
        assertThat(theirsOnly.evaluated()).isEqualTo(1);
        assertThat(theirsOnly.rows()).extracting(ImpactReport.Row::change).containsExactly(theirs);
        assertThat(nobodys.evaluated()).isZero();
        assertThat(nobodys.rows()).isEmpty();
    }

    @Test
    void anOutputTheCodeCannotReadIsAFindingPerChangeNotAnError() {
        String severe = SHIPPED.replace(
                "<outputEntry id=\"Out_risk_level_1_0\"><text>\"CRITICAL\"</text></outputEntry>",
                "<outputEntry id=\"Out_risk_level_1_0\"><text>\"SEVERE\"</text></outputEntry>");

        ImpactReport report = impact.preview(bytes(severe), Set.of(acme.customer), 500);

        assertThat(report.evaluated()).isEqualTo(5);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.change()).isEqualTo(alreadyCritical);
            assertThat(finding.title()).isEqualTo("Exploited OpenSSL");
            assertThat(finding.problem()).startsWith("the draft: decision risk-level gave riskLevel = \"SEVERE\"")
                .contains("LOW, MEDIUM, HIGH, CRITICAL");
        });
        assertThat(report.rows()).isEmpty();
    }

    @Test
    void anOutputOfTheWrongTypeIsAFindingForEveryChangeItsRuleFiresFor() {
        String forty = SHIPPED.replace("<outputEntry id=\"Out_risk_score_2_0\"><text>40</text></outputEntry>",
                "<outputEntry id=\"Out_risk_score_2_0\"><text>\"forty\"</text></outputEntry>");

        ImpactReport report = impact.preview(bytes(forty), Set.of(acme.customer), 500);

        // the known-exploited rule fires for the exploited changes only
        assertThat(report.findings()).extracting(ImpactReport.Finding::change)
            .containsExactly(exploited85, alreadyCritical);
        assertThat(report.findings())
            .allSatisfy(f -> assertThat(f.problem()).startsWith("the draft: ").contains("forty"));
        assertThat(report.failed()).isEqualTo(2);
        assertThat(report.differing()).isZero();
    }

    @Test
    void lastNCountsTheNewestAssessedChangesAndIsBounded() {
        ImpactReport newestTwo = impact.preview(bytes(THRESHOLD_80), Set.of(acme.customer), 2);

        assertThat(newestTwo.evaluated()).isEqualTo(2);
        assertThat(newestTwo.rows()).extracting(ImpactReport.Row::change).containsExactly(exploited85);
        assertThat(impact.preview(bytes(THRESHOLD_80), Set.of(acme.customer), 1).evaluated()).isEqualTo(1);
        assertThat(impact.preview(bytes(THRESHOLD_80), Set.of(acme.customer), DecisionImpact.MAX_LAST_N).evaluated())
            .isEqualTo(5);
        for (int outOfBounds : new int[] { 0, -1, DecisionImpact.MAX_LAST_N + 1 }) {
            assertThatThrownBy(() -> impact.preview(bytes(THRESHOLD_80), Set.of(acme.customer), outOfBounds))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1 to 5000");
        }
    }

    @Test
    void aDraftThePreviewCannotEvaluateIsRefusedNamingTheProblem() {
        String doctype = "<?xml version=\"1.0\"?><!DOCTYPE definitions [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + SHIPPED.substring(SHIPPED.indexOf("<definitions"));
        assertRefused(doctype, "DOCTYPE");
        assertRefused("not a model", "not well-formed");
        assertRefused("", "empty");
        assertRefused(SHIPPED.replace("<text>\"LOW\"</text></outputEntry>",
                "<text>decimal(1, 99999999)</text></outputEntry>"), "calls 'decimal'");
        assertRefused(
                SHIPPED.replace("typeRef=\"boolean\"><text>knownExploited</text>",
                        "typeRef=\"boolean\" expressionLanguage=\"javascript\"><text>knownExploited</text>"),
                "javascript");
        assertRefused(
                definitions(decision(SHIPPED, "risk-level").replace("id=\"risk-level\"", "id=\"something-else\"")),
                "none of the decisions a risk assessment evaluates");
        assertThatThrownBy(() -> impact.preview(bytes(SHIPPED), null, 500)).isInstanceOf(InvalidInputException.class);
    }

    private void assertRefused(String draft, String problem) {
        assertThatThrownBy(() -> impact.preview(bytes(draft), Set.of(acme.customer), 500))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining(problem);
    }

    // --- helpers ---

    private ChangeId change(Fixtures.World world, String title, RiskAssessment.Facts facts) {
        ChangeId id = changes
            .submit(world.requester,
                    new SubmitChange(world.customer, title, null, List.of(fixtures.maintenancePatch()),
                            world.assets("web1"), null, false, null, null, CLOCK))
            .id();
        store(id, facts);
        return id;
    }

    /**
     * Stores an assessment round with these facts and results an older version of the
     * tables might have given: the preview must compare the tables, not these.
     */
    private void store(ChangeId id, RiskAssessment.Facts facts) {
        assessments.insert(id, new RiskAssessment(OffsetDateTime.now(ZoneOffset.UTC), facts, olderResult(), List.of()));
    }

    static RiskAssessment.Result olderResult() {
        return new RiskAssessment.Result(0, RiskLevel.LOW, ChangeType.STANDARD, false, null, null, 0, 0, null, "P1D",
                "LOW", CLOCK.plus(Duration.ofDays(90)), "policy: 90 days for low patches");
    }

    static RiskAssessment.Facts facts(double cvss, boolean exploited, String criticality, boolean internetFacing) {
        return new RiskAssessment.Facts(BigDecimal.valueOf(cvss), exploited, criticality, internetFacing, "SECURITY",
                false, 1, false, false, null, null, "MEDIUM", null, 0, null, false);
    }

    /**
     * One decision element of a model, without the links to the decisions it requires.
     */
    static String decision(String model, String key) {
        int start = model.indexOf("<decision id=\"" + key + "\"");
        String decision = model.substring(start, model.indexOf("</decision>", start) + "</decision>".length());
        return decision.replaceAll("<informationRequirement[^>]*>.*?</informationRequirement>", "");
    }

    static String definitions(String decisions) {
        return SHIPPED.substring(0, SHIPPED.indexOf("<decision ")) + decisions + "</definitions>";
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String read() {
        try {
            return Files.readString(RepositoryFiles.path("bpmn", "change-risk.dmn"));
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
