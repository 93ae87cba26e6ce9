package io.patchflow.change;

import io.patchflow.audit.Auditable;

/**
 * What the lifecycle did to a change (a new status, an outcome, a slot, the close),
 * published in the transaction that did it; the audit trail records every one.
 */
public record ChangeEvent(ChangeId change, String customerId, String actor, String kind,
        String detail) implements Auditable {

    @Override
    public Long changeId() {
        return change.value();
    }
}
