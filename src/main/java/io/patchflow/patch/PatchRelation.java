package io.patchflow.patch;

/**
 * What a vendor advisory says about two patches: {@code patchId} SUPERSEDES
 * {@code relatedId} (installing it makes the other unnecessary), or REQUIRES it (the
 * other must be installed first).
 */
public record PatchRelation(long patchId, long relatedId, Kind kind) {

    public enum Kind {

        SUPERSEDES, REQUIRES

    }
}
