package io.patchflow.cab;

import java.time.Instant;

import io.patchflow.change.ChangeId;

/** One change's CAB round on a frozen agenda. */
public record AgendaItem(ChangeId changeId, int approvalRound, Instant frozenAt) {
}
