package io.patchflow.change;

/**
 * A change reached a milestone. Published by {@link ChangeLifecycle} in the transaction
 * that reached it; ticketing records a note for every linked ticket in that same
 * transaction, once per ticket and {@link #key()}, and delivers it afterwards (ADR 0042).
 * The one route by which tickets hear of a change.
 *
 * @param note what the tickets are told, in a sentence
 * @param occurrence which time of a milestone a change can reach more than once (an
 * escalation); null for a milestone reached once
 */
public record ChangeMilestone(ChangeId change, String customerId, Milestone milestone, String occurrence, String note) {

    /** The note's key: the same however often this milestone is published. */
    public String key() {
        return change + ":" + milestone.name() + (occurrence == null ? "" : ":" + occurrence);
    }

}
