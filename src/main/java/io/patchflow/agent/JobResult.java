package io.patchflow.agent;

/**
 * What the agent API answers to a result: it was applied now, or it was ignored and why.
 */
public record JobResult(String jobId, String status, boolean applied, String message) {
}
