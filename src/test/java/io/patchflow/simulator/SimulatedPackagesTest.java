package io.patchflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A SIMULATED host's packages after its jobs: what the demo's agents report, so the
 * demo's proposal run sees an installed update as installed (issue 13).
 */
class SimulatedPackagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anInstalledUpdateIsNoLongerPending() {
        SimulatedPackages host = new SimulatedPackages(
                List.of("tzdata 2025a-0+deb12u1 2025b-0+deb12u1", "openssl 3.0.15-1~deb12u1"));

        host.install("CHG-1", patches("tzdata", "2025b-0+deb12u1"));

        assertThat(host.report()).containsExactly(Map.of("name", "openssl", "installed", "3.0.15-1~deb12u1"),
                Map.of("name", "tzdata", "installed", "2025b-0+deb12u1"));
    }

    @Test
    void aRollbackBringsBackWhatTheChangeReplacedAndTheUpdateIsPendingAgain() {
        SimulatedPackages host = new SimulatedPackages(List.of("tzdata 2025a-0+deb12u1 2025b-0+deb12u1"));
        host.install("CHG-1", patches("tzdata", "2025b-0+deb12u1"));
        // delivered again: the first record of what it replaced stays
        host.install("CHG-1", patches("tzdata", "2025b-0+deb12u1"));

        host.rollBack("CHG-1");

        assertThat(host.report())
            .containsExactly(Map.of("name", "tzdata", "installed", "2025a-0+deb12u1", "candidate", "2025b-0+deb12u1"));
    }

    @Test
    void aPackageTheChangeAddedIsGoneAfterItsRollback() {
        SimulatedPackages host = new SimulatedPackages(List.of());
        host.install("CHG-2", patches("curl", "7.88.1-10+deb12u8"));
        assertThat(host.report()).containsExactly(Map.of("name", "curl", "installed", "7.88.1-10+deb12u8"));

        host.rollBack("CHG-2");

        assertThat(host.report()).isEmpty();
    }

    @Test
    void anUpdateToANewerVersionThanTheOneInstalledStaysPending() {
        SimulatedPackages host = new SimulatedPackages(List.of("tzdata 2025a-0+deb12u1 2025c-0+deb12u1"));

        host.install("CHG-3", patches("tzdata", "2025b-0+deb12u1"));

        assertThat(host.report())
            .containsExactly(Map.of("name", "tzdata", "installed", "2025b-0+deb12u1", "candidate", "2025c-0+deb12u1"));
    }

    private static JsonNode patches(String pkg, String version) {
        return JSON.createArrayNode().add(JSON.createObjectNode().put("package", pkg).put("version", version));
    }

}
