package io.patchflow.agent;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * A job as an agent receives it. {@code payload} is the job's JSON (the patches to act
 * on, the health checks, the backup mode); {@code token} is the change token signed for
 * this job, this agent, this payload and the window [{@code notBefore}, {@code notAfter}]
 * in which it may run.
 */
public record LeasedJob(String jobId, String type, String changeId, int attempt, OffsetDateTime leaseExpiresAt,
        @JsonRawValue String payload, String token, OffsetDateTime notBefore, OffsetDateTime notAfter) {
}
