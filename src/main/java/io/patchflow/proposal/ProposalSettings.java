package io.patchflow.proposal;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How often the patch-proposals process runs: an ISO 8601 repeating interval
 * ({@code R/PT1H}), read by the timer start event of bpmn/patch-proposals.bpmn as
 * {@code ${proposalSettings.cycle()}}.
 */
@Component("proposalSettings")
public class ProposalSettings {

    private final String cycle;

    ProposalSettings(@Value("${patchflow.proposals.cycle:R/PT1H}") String cycle) {
        if (!cycle.startsWith("R/")) {
            throw new IllegalArgumentException(
                    "patchflow.proposals.cycle must be an unbounded repeating interval like R/PT1H, was " + cycle);
        }
        Duration every;
        try {
            every = Duration.parse(cycle.substring(2));
        }
        catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "patchflow.proposals.cycle must be an unbounded repeating interval like R/PT1H, was " + cycle);
        }
        if (every.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException(
                    "patchflow.proposals.cycle must repeat at most once a minute, was " + cycle);
        }
        this.cycle = cycle;
    }

    public String cycle() {
        return cycle;
    }

}
