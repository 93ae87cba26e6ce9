package io.patchflow.change;

/**
 * A change reached a milestone. Published by {@link ChangeLifecycle} in the transaction
 * that reached it; ticketing notes it on every linked ticket and records that in the
 * audit trail. The one route by which tickets hear of a change.
 *
 * @param note what the tickets are told, in a sentence
 */
public record ChangeMilestone(ChangeId change, String customerId, Milestone milestone, String note) {
}
