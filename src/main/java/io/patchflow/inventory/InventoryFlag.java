package io.patchflow.inventory;

/** What needs an operator's attention about an asset. */
public enum InventoryFlag {

    /**
     * A shadow asset: nobody has an agent on it, so Patchflow cannot patch or verify it.
     */
    NO_AGENT,
    /**
     * Its agent has not been heard from for longer than patchflow.inventory.stale-after.
     */
    NOT_SEEN,
    /** Its operating system is past its end of life. */
    END_OF_LIFE,
    /** The agent reported that the machine waits for a reboot. */
    REBOOT_REQUIRED

}
