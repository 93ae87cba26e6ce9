package io.patchflow.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.patchflow.inventory.Criticality;
import io.patchflow.patch.PatchType;
import io.patchflow.shared.InvalidInputException;

class PolicySpecTest {

    private static PolicySpec defaults() {
        return PolicySpec.of(CustomerPolicy.defaults("acme"));
    }

    @Test
    void theDefaultsReadBackAsTheDefaults() {
        CustomerPolicy policy = defaults().toPolicy("acme", List.of());

        assertThat(policy.sla()).isEqualTo(CustomerPolicy.Sla.DEFAULT);
        assertThat(policy.rings()).isEqualTo(CustomerPolicy.RingPlan.DEFAULT);
        assertThat(policy.gateThreshold()).isEqualByComparingTo("0.9");
        assertThat(policy.stored()).isTrue();
        assertThat(defaults().slaKnownExploited()).isEqualTo("PT48H");
        assertThat(defaults().slaCritical()).isEqualTo("P7D");
        assertThat(defaults().bakeTime()).isEqualTo("PT24H");
    }

    @Test
    void aStricterPolicyIsTaken() {
        PolicySpec strict = new PolicySpec("PT24H", "P3D", "P7D", "P14D", "P30D", 5, "PT12H", new BigDecimal("0.95"),
                true, false);

        CustomerPolicy policy = strict.toPolicy("acme", List.of());

        assertThat(policy.sla().of(SlaBand.CRITICAL)).isEqualTo(Duration.ofDays(3));
        assertThat(policy.rings().bakeTime()).isEqualTo(Duration.ofHours(12));
        assertThat(policy.backupAllChanges()).isTrue();
        assertThat(policy.proposalsEnabled()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "sla not a duration      | slaHigh           | 14 days | slaHigh '14 days' is not an ISO 8601 duration",
            "sla missing             | slaLow            |         | slaLow is required",
            "sla under an hour       | slaKnownExploited | PT30M   | slaKnownExploited is between PT1H and P366D",
            "sla over a year         | slaLow            | P400D   | slaLow is between PT1H and P366D",
            "urgent gets more time   | slaCritical       | P20D    | slaCritical (P20D) is longer than slaHigh (P14D)",
            "bake time negative      | bakeTime          | -PT1H   | bakeTime is between PT0S and P30D",
            "bake time too long      | bakeTime          | P31D    | bakeTime is between PT0S and P30D", })
    void aBadFieldIsNamed(String why, String field, String value, String message) {
        PolicySpec d = defaults();
        PolicySpec bad = switch (field) {
            case "slaKnownExploited" -> new PolicySpec(value, d.slaCritical(), d.slaHigh(), d.slaMedium(), d.slaLow(),
                    10, "PT24H", new BigDecimal("0.9"), false, true);
            case "slaCritical" -> new PolicySpec(d.slaKnownExploited(), value, d.slaHigh(), d.slaMedium(), d.slaLow(),
                    10, "PT24H", new BigDecimal("0.9"), false, true);
            case "slaHigh" -> new PolicySpec(d.slaKnownExploited(), d.slaCritical(), value, d.slaMedium(), d.slaLow(),
                    10, "PT24H", new BigDecimal("0.9"), false, true);
            case "slaLow" -> new PolicySpec(d.slaKnownExploited(), d.slaCritical(), d.slaHigh(), d.slaMedium(), value,
                    10, "PT24H", new BigDecimal("0.9"), false, true);
            default -> new PolicySpec(d.slaKnownExploited(), d.slaCritical(), d.slaHigh(), d.slaMedium(), d.slaLow(),
                    10, value, new BigDecimal("0.9"), false, true);
        };

        assertThatThrownBy(() -> bad.toPolicy("acme", List.of()))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
            .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource({ "0", "101" })
    void thePilotShareIsAPercentage(int share) {
        PolicySpec d = defaults();
        PolicySpec bad = new PolicySpec(d.slaKnownExploited(), d.slaCritical(), d.slaHigh(), d.slaMedium(), d.slaLow(),
                share, "PT24H", new BigDecimal("0.9"), false, true);

        assertThatThrownBy(() -> bad.toPolicy("acme", List.of()))
            .hasMessage("pilotSharePercent is a whole number from 1 to 100");
    }

    @ParameterizedTest
    @CsvSource({ "-0.1", "1.01", "0.9555" })
    void theGateThresholdIsARate(String threshold) {
        PolicySpec d = defaults();
        PolicySpec bad = new PolicySpec(d.slaKnownExploited(), d.slaCritical(), d.slaHigh(), d.slaMedium(), d.slaLow(),
                10, "PT24H", new BigDecimal(threshold), false, true);

        assertThatThrownBy(() -> bad.toPolicy("acme", List.of())).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("gateThreshold"));
    }

    @Test
    void switchesMustBeSaid() {
        PolicySpec d = defaults();
        assertThatThrownBy(() -> new PolicySpec(d.slaKnownExploited(), d.slaCritical(), d.slaHigh(), d.slaMedium(),
                d.slaLow(), 10, "PT24H", new BigDecimal("0.9"), null, true)
            .toPolicy("acme", List.of())).hasMessage("backupAllChanges is true or false");
    }

    @Test
    void theBulkApprovalLimitIsZeroToAHundredAndLeftOutKeepsTheCustomers() {
        PolicySpec d = defaults();
        assertThat(d.bulkApprovalLimit()).isEqualTo(20);
        assertThat(withBulkLimit(d, 0).toPolicy("acme", List.of(), 20).bulkApprovalEnabled()).isFalse();
        assertThat(withBulkLimit(d, 100).toPolicy("acme", List.of(), 20).bulkApprovalLimit()).isEqualTo(100);
        assertThat(withBulkLimit(d, null).toPolicy("acme", List.of(), 0).bulkApprovalLimit())
            .as("an older client that does not send the field does not switch bulk approval back on")
            .isZero();
        for (int bad : new int[] { -1, 101 }) {
            assertThatThrownBy(() -> withBulkLimit(d, bad).toPolicy("acme", List.of(), 20))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("bulkApprovalLimit"))
                .hasMessageStartingWith("bulkApprovalLimit is a whole number from 0 (no bulk approval) to 100");
        }
    }

    private static PolicySpec withBulkLimit(PolicySpec d, Integer limit) {
        return new PolicySpec(d.slaKnownExploited(), d.slaCritical(), d.slaHigh(), d.slaMedium(), d.slaLow(),
                d.pilotSharePercent(), d.bakeTime(), d.gateThreshold(), d.backupAllChanges(), d.proposalsEnabled(),
                limit);
    }

    @Test
    void aTemplateNeedsANameAndKnownTypes() {
        assertThat(new TemplateSpec(" Workstations ", List.of("security", "MAINTENANCE"), "medium", true, "workstation")
            .toTemplate("acme"))
            .isEqualTo(new StandardTemplate(0, "acme", "Workstations",
                    java.util.EnumSet.of(PatchType.SECURITY, PatchType.MAINTENANCE), Criticality.MEDIUM, true,
                    "workstation"));
        assertThatThrownBy(() -> new TemplateSpec(" ", List.of("SECURITY"), "LOW", false, null).toTemplate("acme"))
            .hasMessage("name is required, at most 200 characters");
        assertThatThrownBy(() -> new TemplateSpec("x", List.of(), "LOW", false, null).toTemplate("acme"))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("patchTypes"));
        assertThatThrownBy(() -> new TemplateSpec("x", List.of("HOTFIX"), "LOW", false, null).toTemplate("acme"))
            .hasMessageStartingWith("patch type 'HOTFIX' is not one of");
        assertThatThrownBy(() -> new TemplateSpec("x", List.of("SECURITY"), "SEVERE", false, null).toTemplate("acme"))
            .isInstanceOfSatisfying(InvalidInputException.class,
                    e -> assertThat(e.field()).isEqualTo("maxCriticality"));
        assertThatThrownBy(() -> new TemplateSpec("x", List.of("SECURITY"), "LOW", null, null).toTemplate("acme"))
            .hasMessage("rebootAllowed is true or false");
        assertThatThrownBy(
                () -> new TemplateSpec("x", List.of("SECURITY"), "LOW", false, "two words").toTemplate("acme"))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("assetTag"));
    }

}
