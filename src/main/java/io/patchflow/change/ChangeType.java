package io.patchflow.change;

/**
 * ITIL change types: standard is pre-approved by policy, emergency skips the queue but is
 * reviewed after.
 */
public enum ChangeType {

    STANDARD, NORMAL, EMERGENCY

}
