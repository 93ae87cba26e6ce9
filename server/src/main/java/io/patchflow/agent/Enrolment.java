package io.patchflow.agent;

/** What an agent receives when it enrols; the secret is shown once and stored only hashed. */
public record Enrolment(String agentId, String agentSecret, Long assetId, String customerId, int pollIntervalSeconds) {
}
