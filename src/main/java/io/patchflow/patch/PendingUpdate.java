package io.patchflow.patch;

/** A package version an agent reports as installable on its host. */
public record PendingUpdate(String packageName, String version) {
}
