package io.patchflow.changeview;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.patchflow.deployment.AssetState;
import io.patchflow.deployment.ChangeAssetView;

/**
 * How far a change has come on its assets: how many are installed (installed, being
 * verified or verified, as {@link AssetState#installed()} says), how many failed, and the
 * count in each state, in the order a deployment goes through them.
 */
public record AssetProgress(int total, int installed, int failed, List<StateCount> byState) {

    public record StateCount(AssetState state, int count) {
    }

    static AssetProgress of(List<ChangeAssetView> assets) {
        Map<AssetState, Integer> counts = new EnumMap<>(AssetState.class);
        int installed = 0;
        int failed = 0;
        for (ChangeAssetView asset : assets) {
            counts.merge(asset.state(), 1, Integer::sum);
            installed += asset.state().installed() ? 1 : 0;
            failed += asset.state().failed() ? 1 : 0;
        }
        return new AssetProgress(assets.size(), installed, failed,
                counts.entrySet().stream().map(e -> new StateCount(e.getKey(), e.getValue())).toList());
    }

    /** Installed assets in whole percent, rounded down: 100 only when all are. */
    public int percentInstalled() {
        return total == 0 ? 0 : (int) (100L * installed / total);
    }

    /** "3 of 5 installed, 1 failed": what the progress bar shows, in words. */
    public String text() {
        return installed + " of " + total + " installed" + (failed == 0 ? "" : ", " + failed + " failed");
    }

}
