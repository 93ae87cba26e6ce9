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
    REBOOT_REQUIRED,
    /**
     * Its agent still reports an update pending that a change installed there: the
     * install did not take, or the agent misreports. The update is not proposed again
     * until a person has looked (ADR 0030); the item names the update and the change.
     */
    UPDATE_STILL_PENDING

}
