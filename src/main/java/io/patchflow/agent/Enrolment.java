package io.patchflow.agent;

/**
 * What an agent receives when it enrols; the secret is shown once and stored only hashed.
 * {@code serverPublicKey} verifies the change tokens of its jobs; {@code protocolVersion}
 * is the agent protocol this server speaks.
 */
public record Enrolment(String agentId, String agentSecret, Long assetId, String customerId, int pollIntervalSeconds,
        String serverPublicKey, int protocolVersion, int maxWaitSeconds) {
}
