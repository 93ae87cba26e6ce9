package io.patchflow.agent;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param lease          how long an agent holds a job before another poll may take it again
 * @param jobTimeout     how long the process waits for a batch before the rest count as timed out
 * @param maxJobsPerPoll jobs handed out per poll
 */
@ConfigurationProperties("patchflow.agent")
public record AgentSettings(Duration lease, Duration jobTimeout, int maxJobsPerPoll) {

    public AgentSettings {
        if (lease == null || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("patchflow.agent.lease must be positive");
        }
        if (jobTimeout == null || jobTimeout.isNegative() || jobTimeout.isZero()) {
            throw new IllegalArgumentException("patchflow.agent.job-timeout must be positive");
        }
        if (maxJobsPerPoll < 1 || maxJobsPerPoll > 100) {
            throw new IllegalArgumentException("patchflow.agent.max-jobs-per-poll is between 1 and 100");
        }
    }
}
