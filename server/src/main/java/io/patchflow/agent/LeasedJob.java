package io.patchflow.agent;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonRawValue;

/** A job as an agent receives it; {@code payload} is the job's JSON (the patches to act on). */
public record LeasedJob(String jobId, String type, String changeId, int attempt, OffsetDateTime leaseExpiresAt,
                        @JsonRawValue String payload) {
}
