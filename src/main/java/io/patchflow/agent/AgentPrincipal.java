package io.patchflow.agent;

/**
 * An authenticated agent: which customer it belongs to and which asset it answers for.
 */
public record AgentPrincipal(String agentId, String customerId, Long assetId, String hostname, boolean simulated) {
}
