package io.patchflow.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeService;
import io.patchflow.change.SubmitChange;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.testsupport.Fixtures;

/**
 * How long a preview of 500 changes with varied facts takes: a measurement, not a gate
 * (run with {@code -Dpatchflow.measure=true}; ADR 0051 has the figures).
 */
@SpringBootTest
@ActiveProfiles("test")
@EnabledIfSystemProperty(named = "patchflow.measure", matches = "true")
class DecisionImpactTimingTest {

    static final int CHANGES = 500;

    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static final List<String> CRITICALITY = List.of("LOW", "MEDIUM", "HIGH", "CRITICAL");

    static final List<String> TYPES = List.of("SECURITY", "MAINTENANCE", "APPLICATION", "FIRMWARE");

    @Autowired
    DecisionImpact impact;

    @Autowired
    AssessmentRepository assessments;

    @Autowired
    ChangeService changes;

    @Autowired
    Fixtures fixtures;

    @Test
    void fiveHundredChanges() {
        Fixtures.World first = world(0);
        String score45 = DecisionImpactTest.SHIPPED.replace(
                "<outputEntry id=\"Out_risk_score_2_0\"><text>40</text></outputEntry>",
                "<outputEntry id=\"Out_risk_score_2_0\"><text>45</text></outputEntry>");
        preview(first, "shipped, first preview in this JVM", DecisionImpactTest.SHIPPED);
        preview(first, "critical from 80", DecisionImpactTest.THRESHOLD_80);
        preview(first, "critical from 80, again", DecisionImpactTest.THRESHOLD_80);
        preview(first, "shipped", DecisionImpactTest.SHIPPED);
        preview(first, "exploited scores 45: the draft evaluates every table", score45);
        preview(first, "exploited scores 45, again", score45);
        // facts the deployed tables' cache has not seen
        preview(world(1), "critical from 80, facts new to the cache", DecisionImpactTest.THRESHOLD_80);
        preview(world(2), "exploited scores 45, facts new to the cache", score45);
    }

    private Fixtures.World world(int variant) {
        Fixtures.World world = fixtures.world();
        world.asset("web1", Criticality.MEDIUM, Exposure.INTERNAL, 0);
        long patch = fixtures.maintenancePatch();
        long start = System.nanoTime();
        for (int i = 0; i < CHANGES; i++) {
            ChangeId id = changes
                .submit(world.requester,
                        new SubmitChange(world.customer, "change " + i, null, List.of(patch), world.assets("web1"),
                                null, false, null))
                .id();
            // a past failure rate below 5% adds nothing, but makes the facts new to the
            // cache
            BigDecimal failureRate = variant == 0 ? null : BigDecimal.valueOf(1 + (i + variant * CHANGES) % 499, 4);
            RiskAssessment.Facts facts = new RiskAssessment.Facts(BigDecimal.valueOf(i % 100, 1), i % 7 == 0,
                    CRITICALITY.get(i % 4), i % 3 == 0, TYPES.get(i / 4 % 4), i % 5 == 0, 1 + i % 150, i % 50 == 0,
                    i % 11 == 0, null, BigDecimal.valueOf(i % 13, 1), "MEDIUM", failureRate, 0, null, i % 9 == 0);
            assessments.insert(id, new RiskAssessment(OffsetDateTime.now(ZoneOffset.UTC), facts,
                    DecisionImpactTest.olderResult(), List.of()));
        }
        System.out.printf("set-up of %d changes: %d ms%n", CHANGES, (System.nanoTime() - start) / 1_000_000);
        return world;
    }

    private void preview(Fixtures.World world, String what, String draft) {
        long t = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        ImpactReport report = impact.preview(DecisionImpactTest.bytes(draft), Set.of(world.customer), CHANGES);
        System.out.printf("preview of %d changes (%s): %d ms, of which %d ms CPU; %d differing, %d failed%n",
                report.evaluated(), what, (System.nanoTime() - t) / 1_000_000,
                (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000, report.differing(), report.failed());
        assertThat(report.evaluated()).isEqualTo(CHANGES);
        assertThat(report.failed()).isZero();
    }

}
