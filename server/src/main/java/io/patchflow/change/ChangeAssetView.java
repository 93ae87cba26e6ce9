package io.patchflow.change;

import java.time.OffsetDateTime;

/** One row of a change page's asset table; {@code simulated} says a simulated agent answers for it. */
public record ChangeAssetView(long assetId, String hostname, int ring, Integer wave, AssetState state, String detail,
                              OffsetDateTime updatedAt, boolean simulated) {
}
