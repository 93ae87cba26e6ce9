package io.patchflow.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The fleet simulator's behaviour. Rates are probabilities per job (0..1): a failure
 * answers FAILED, a timeout never answers. {@code failingHosts} always fail their
 * installs. Agents long-poll for {@code longPoll} (at most 30 s, as the server allows);
 * {@code pollInterval} spreads their start and is the pause after a failed poll.
 * {@code inventory} is what the simulated agent of each named host reports once after
 * enrolling: its OS and packages, each as {@code "name installed [candidate]"}, a
 * candidate meaning an update is pending.
 */
@ConfigurationProperties("patchflow.simulator")
public record SimulatorSettings(boolean enabled, @DefaultValue("PT2S") Duration pollInterval,
        @DefaultValue("PT20S") Duration longPoll, @DefaultValue("PT1S") Duration latencyMin,
        @DefaultValue("PT3S") Duration latencyMax, @DefaultValue("0") double failureRate,
        @DefaultValue("0") double timeoutRate, @DefaultValue List<String> failingHosts,
        @DefaultValue Map<String, Host> inventory) {

    /**
     * One simulated host's OS and packages
     * ({@code "apache2 2.4.61-1~deb12u1 2.4.62-1~deb12u1"}).
     */
    public record Host(String os, @DefaultValue List<String> packages) {

        public Host {
            packages = List.copyOf(packages);
            for (String line : packages) {
                int words = line.strip().split("\\s+").length;
                if (words < 2 || words > 3) {
                    throw new IllegalArgumentException(
                            "a simulated package is \"name installed [candidate]\", not \"" + line + "\"");
                }
            }
        }
    }

    public SimulatorSettings {
        if (failureRate < 0 || failureRate > 1 || timeoutRate < 0 || timeoutRate > 1 || failureRate + timeoutRate > 1) {
            throw new IllegalArgumentException(
                    "simulator failure and timeout rates are probabilities that add up to at most 1");
        }
        if (longPoll.isNegative() || longPoll.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("patchflow.simulator.long-poll is between PT0S and PT30S");
        }
        if (latencyMax.compareTo(latencyMin) < 0) {
            throw new IllegalArgumentException("patchflow.simulator.latency-max must not be less than latency-min");
        }
        failingHosts = List.copyOf(failingHosts);
        inventory = Map.copyOf(inventory);
    }
}
