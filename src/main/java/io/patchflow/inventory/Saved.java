package io.patchflow.inventory;

/** What saving an asset did: its id, and whether it was new. */
public record Saved(long id, boolean created) {
}
