package io.patchflow.policy;

/** How urgent a patch is, as the sla-deadline decision table classifies it. */
public enum SlaBand {

    KNOWN_EXPLOITED, CRITICAL, HIGH, MEDIUM, LOW

}
