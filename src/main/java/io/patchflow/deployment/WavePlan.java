package io.patchflow.deployment;

/** How many assets a pilot wave takes when a change has no asset in the pilot ring. */
public final class WavePlan {

    private WavePlan() {
    }

    /**
     * {@code share} percent of {@code total}, rounded up, at least one, and never all of
     * them when there are two or more.
     */
    public static int pilotCount(int total, int share) {
        if (total <= 1) {
            return total;
        }
        int pilots = (int) Math.ceil(total * share / 100.0);
        return Math.max(1, Math.min(total - 1, pilots));
    }

}
