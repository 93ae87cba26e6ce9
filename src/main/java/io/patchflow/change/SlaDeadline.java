package io.patchflow.change;

import java.time.Instant;

/** A change's SLA deadline: by when its patches should be deployed. */
public record SlaDeadline(ChangeId change, Instant dueAt) {
}
