package io.patchflow.modeling;

/**
 * Where a draft is in its review. Saving a new revision of a submitted, approved or
 * rejected draft takes it back to {@code DRAFT}: a review is of one revision.
 */
public enum DraftState {

    DRAFT, SUBMITTED, APPROVED, REJECTED, PUBLISHED, WITHDRAWN;

    boolean open() {
        return this != PUBLISHED && this != WITHDRAWN;
    }

}
