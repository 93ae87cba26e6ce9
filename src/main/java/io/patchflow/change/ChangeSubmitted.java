package io.patchflow.change;

import java.util.List;

import io.patchflow.audit.Auditable;

/**
 * A change was recorded. Published inside the submitting transaction, before its process
 * starts: deployment takes its assets, ticketing links its ticket, the audit trail
 * records it. A listener that refuses (an invalid ticket reference) rolls the whole
 * submission back.
 */
public record ChangeSubmitted(ChangeRequest change, List<Long> patchIds, List<Long> assetIds,
        String ticketReference) implements Auditable {

    public ChangeSubmitted {
        patchIds = List.copyOf(patchIds);
        assetIds = List.copyOf(assetIds);
    }

    @Override
    public String customerId() {
        return change.customerId();
    }

    @Override
    public Long changeId() {
        return change.id().value();
    }

    @Override
    public String actor() {
        return change.requester();
    }

    @Override
    public String kind() {
        return "CHANGE_SUBMITTED";
    }

    @Override
    public String detail() {
        return change.title() + " — " + patchIds.size() + " patch(es) on " + assetIds.size() + " asset(s)"
                + (change.emergencyRequested() ? ", emergency requested" : "");
    }
}
