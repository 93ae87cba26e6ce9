package io.patchflow.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.patchflow.inventory.Asset;
import io.patchflow.inventory.Inventory;
import io.patchflow.inventory.MaintenanceWindow;
import io.patchflow.schedule.Blackout;
import io.patchflow.schedule.Blackouts;

/**
 * The agent API's own check that an install may run now: the asset's maintenance window
 * is open and no hard blackout applies. The process already waits for the window; this
 * second check holds even when a job outlives its window or a blackout is declared after
 * scheduling.
 */
@Component
class WindowGuard {

    /** Why an install may not run now, and when it could, if that is known. */
    record Refusal(String reason, Instant notBefore) {
    }

    private final Inventory inventory;

    private final Blackouts blackouts;

    WindowGuard(Inventory inventory, Blackouts blackouts) {
        this.inventory = inventory;
        this.blackouts = blackouts;
    }

    /**
     * Until when an install that may start now stays within the asset's window: the end
     * of the current opening, or the start of a hard blackout before it. An asset without
     * a window (or with one that is always open) is bounded only by {@code horizon} and
     * hard blackouts.
     */
    Instant openUntil(long assetId, Instant now, Duration horizon) {
        Asset asset = inventory.asset(assetId).orElseThrow();
        Instant until = now.plus(horizon);
        if (asset.maintenanceWindowId() != null) {
            MaintenanceWindow window = inventory.windows(List.of(asset.maintenanceWindowId())).get(0);
            if (!window.isAlwaysOpen()) {
                Optional<Instant> end = window.openingAt(now).map(MaintenanceWindow.Opening::end);
                if (end.isPresent() && end.get().isBefore(until)) {
                    until = end.get();
                }
            }
        }
        for (Blackout b : blackouts.overlapping(asset.customerId(), now, until)) {
            if (b.kind() == Blackout.Kind.HARD && b.start().isBefore(until)) {
                until = b.start().isAfter(now) ? b.start() : now;
            }
        }
        return until;
    }

    Optional<Refusal> refusal(long assetId, Instant now) {
        Asset asset = inventory.asset(assetId).orElseThrow();
        List<Blackout> hard = blackouts.overlapping(asset.customerId(), now, now.plusSeconds(1))
            .stream()
            .filter(b -> b.kind() == Blackout.Kind.HARD)
            .toList();
        if (!hard.isEmpty()) {
            return Optional.of(new Refusal("hard blackout '" + hard.get(0).name() + "' until " + hard.get(0).end(),
                    hard.get(0).end()));
        }
        if (asset.maintenanceWindowId() == null) {
            return Optional.empty();
        }
        MaintenanceWindow window = inventory.windows(List.of(asset.maintenanceWindowId())).get(0);
        if (window.isOpenAt(now)) {
            return Optional.empty();
        }
        Instant next = window.nextOpening(now, Duration.ofDays(62)).orElse(null);
        return Optional.of(new Refusal("outside maintenance window '" + window.name() + "' (" + window.recurrence()
                + " " + window.start() + " " + window.zone() + ")", next));
    }

}
