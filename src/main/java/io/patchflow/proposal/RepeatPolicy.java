package io.patchflow.proposal;

import java.time.Instant;

import io.patchflow.deployment.AssetState;

/**
 * Whether an update that an agent reports pending on its asset is proposed, from what
 * earlier proposals and changes did with that patch on that asset (ADR 0030). The agent's
 * report alone is not enough: an agent that keeps reporting an installed update pending
 * would otherwise have it proposed and deployed again on every run (issue 13).
 */
final class RepeatPolicy {

    private RepeatPolicy() {
    }

    enum Verdict {

        /** Nothing held it here yet: proposed, and started by itself if standard. */
        NEW(true),
        /**
         * The last closed change that held it here did not install it (rejected,
         * cancelled, not reached, failed, rolled back): proposed again, and a person
         * decides, whatever the templates say.
         */
        AGAIN(true),
        /** An open proposal waits for a person, or a person dismissed one. */
        PROPOSED(false),
        /** A change that is not closed holds it here: it is being installed. */
        UNDER_WAY(false),
        /**
         * The last closed change installed it here, and the agent has not reported since
         * that change's last step on the asset.
         */
        INSTALLED(false),
        /**
         * The last closed change installed it here, and the agent reported it pending
         * after that: the asset is flagged for a person.
         */
        STILL_PENDING(false);

        final boolean proposed;

        Verdict(boolean proposed) {
            this.proposed = proposed;
        }

    }

    /**
     * What happened to one patch on one asset.
     *
     * @param proposal an OPEN or DISMISSED proposal holds it (an accepted or started
     * proposal is its change, which has the same patches and assets)
     * @param underWay a change that is not closed holds it
     * @param lastState its state in the last closed change that held it, null if none did
     * @param lastStateAt when it reached that state
     * @param reportedAt when the asset's agent last reported its packages
     */
    record History(boolean proposal, boolean underWay, AssetState lastState, Instant lastStateAt, Instant reportedAt) {
    }

    static Verdict verdict(History history) {
        if (history.underWay()) {
            return Verdict.UNDER_WAY;
        }
        if (history.lastState() != null && history.lastState().installed()) {
            // A report from before the change's last step says nothing about the install.
            boolean reportedSince = history.reportedAt() != null && history.lastStateAt() != null
                    && history.reportedAt().isAfter(history.lastStateAt());
            return reportedSince ? Verdict.STILL_PENDING : Verdict.INSTALLED;
        }
        if (history.proposal()) {
            return Verdict.PROPOSED;
        }
        return history.lastState() == null ? Verdict.NEW : Verdict.AGAIN;
    }

}
