package io.patchflow.change;

/**
 * A change was cancelled before deployment. Published before its outcome is recorded, in
 * the same transaction: deployment withdraws the change's agent jobs and releases its
 * assets.
 */
public record ChangeCancelled(ChangeId change, String customerId, String cancelledBy, String reason) {
}
