package io.patchflow.cab;

import java.time.Instant;

/**
 * A meeting of one customer's change advisory board. {@code PLANNED} until its cut-off,
 * then {@code FROZEN}: its agenda is fixed and votes are recorded on it (ADR 0040).
 */
public record CabMeeting(long id, String customerId, Instant startsAt, Instant cutOffAt, String createdBy,
        Instant createdAt, State state, Instant frozenAt) {

    public enum State {

        PLANNED, FROZEN

    }

    public boolean frozen() {
        return state == State.FROZEN;
    }

}
