package io.patchflow.agent;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param lease how long an agent holds a job before another poll may take it again
 * (progress reports extend it)
 * @param jobTimeout how long the process waits for a batch before the rest count as timed
 * out
 * @param maxJobsPerPoll jobs handed out per poll
 * @param maxRequestBytes largest request body, except inventories
 * @param maxInventoryBytes largest inventory report
 * @param rateLimit requests per agent, and per address for calls without an agent
 * credential (enrolment)
 */
@ConfigurationProperties("patchflow.agent")
public record AgentSettings(Duration lease, Duration jobTimeout, int maxJobsPerPoll,
        @DefaultValue("131072") long maxRequestBytes, @DefaultValue("16777216") long maxInventoryBytes,
        @DefaultValue RateLimits rateLimit) {

    /** A token bucket: {@code burst} requests at once, refilled at {@code perSecond}. */
    public record RateLimit(int burst, int perSecond) {

        public RateLimit {
            if (burst < 1 || perSecond < 1) {
                throw new IllegalArgumentException("patchflow.agent.rate-limit: burst and per-second are at least 1");
            }
        }
    }

    /** {@code patchflow.agent.rate-limit.agent-burst} etc. */
    public record RateLimits(@DefaultValue("20") int agentBurst, @DefaultValue("5") int agentPerSecond,
            @DefaultValue("200") int addressBurst, @DefaultValue("50") int addressPerSecond) {

        public RateLimits {
            // checked at start-up, not when the first bucket is made
            perAgentOf(agentBurst, agentPerSecond);
            perAgentOf(addressBurst, addressPerSecond);
        }

        private static RateLimit perAgentOf(int burst, int perSecond) {
            return new RateLimit(burst, perSecond);
        }

        public RateLimit perAgent() {
            return new RateLimit(agentBurst, agentPerSecond);
        }

        public RateLimit perAddress() {
            return new RateLimit(addressBurst, addressPerSecond);
        }
    }

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
        if (maxRequestBytes < 1024 || maxInventoryBytes < maxRequestBytes) {
            throw new IllegalArgumentException(
                    "patchflow.agent.max-request-bytes is at least 1024, max-inventory-bytes at least as much");
        }
    }
}
