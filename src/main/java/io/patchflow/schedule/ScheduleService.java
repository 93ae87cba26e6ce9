package io.patchflow.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeType;
import io.patchflow.inventory.Inventory;
import io.patchflow.inventory.MaintenanceWindow;
import io.patchflow.inventory.WindowCalendar;
import io.patchflow.security.Actor;

import io.patchflow.shared.DateTimes;

/**
 * Decides when a change may run: the first slot in which the maintenance windows of all
 * its assets are open, outside hard blackouts (and soft ones, once a change manager chose
 * to postpone), and not overlapping another open change on the same assets. Emergencies
 * start now and override.
 */
@Service
public class ScheduleService {

    /**
     * Postponing behind other changes gives up after this many tries (the slot search
     * then fails).
     */
    private static final int MAX_POSTPONEMENTS = 50;

    private final Inventory inventory;

    private final BlackoutRepository blackouts;

    private final ConflictRepository conflicts;

    private final ChangeLifecycle lifecycle;

    private final AuditTrail audit;

    private final Clock clock = Clock.systemUTC();

    ScheduleService(Inventory inventory, BlackoutRepository blackouts, ConflictRepository conflicts,
            ChangeLifecycle lifecycle, AuditTrail audit) {
        this.inventory = inventory;
        this.blackouts = blackouts;
        this.conflicts = conflicts;
        this.lifecycle = lifecycle;
        this.audit = audit;
    }

    /**
     * When the change runs, and whether that moment lies in a soft blackout (which needs
     * an extra approval).
     */
    public record Scheduled(Instant start, Instant end, boolean inSoftBlackout) {
    }

    @Transactional
    public Scheduled schedule(ChangeId id, boolean avoidSoftBlackouts) {
        ChangeRequest change = lifecycle.get(id);
        conflicts.lockAssetsOf(id);
        Instant now = clock.instant();
        if (change.changeType() == ChangeType.EMERGENCY) {
            return scheduleEmergency(change, now);
        }
        Instant from = change.requestedStart() != null && change.requestedStart().toInstant().isAfter(now)
                ? change.requestedStart().toInstant() : now;
        List<MaintenanceWindow> windows = inventory.windowsOfAssets(conflicts.assetIdsOf(id));
        List<WindowCalendar.Exclusion> exclusions = exclusions(change.customerId(), from);
        for (int attempt = 0; attempt < MAX_POSTPONEMENTS; attempt++) {
            WindowCalendar.Slot slot = WindowCalendar.firstCommonSlot(windows, from, exclusions, avoidSoftBlackouts)
                .orElseThrow(() -> new IllegalStateException("no slot in the next " + WindowCalendar.HORIZON.toDays()
                        + " days at which all " + windows.size() + " maintenance windows of " + id
                        + " are open outside blackouts; split the change or shorten the blackout"));
            List<ConflictRepository.Overlap> overlaps = conflicts.overlapping(id, slot.start(), slot.end());
            if (overlaps.isEmpty()) {
                lifecycle.schedule(id, DateTimes.column(slot.start()), DateTimes.column(slot.end()),
                        describe(slot, windows));
                return new Scheduled(slot.start(), slot.end(), slot.inSoftExclusion());
            }
            for (ConflictRepository.Overlap overlap : overlaps) {
                conflicts.record(id, overlap, "POSTPONED", "slot " + slot.start() + " overlaps " + overlap.change()
                        + " on " + overlap.sharedAssets() + " asset(s); looking after " + overlap.end());
            }
            // Try again once every overlapping change's slot is over.
            from = overlaps.stream().map(ConflictRepository.Overlap::end).max(Instant::compareTo).orElseThrow();
        }
        throw new IllegalStateException(id + " overlaps other changes in " + MAX_POSTPONEMENTS + " consecutive slots");
    }

    /**
     * Emergencies start now, whatever the windows, blackouts and other changes say;
     * overrides are recorded.
     */
    private Scheduled scheduleEmergency(ChangeRequest change, Instant now) {
        Instant end = now.plus(Duration.ofDays(1));
        for (ConflictRepository.Overlap overlap : conflicts.overlapping(change.id(), now, end)) {
            conflicts.record(change.id(), overlap, "OVERRIDDEN", "emergency change starts now although "
                    + overlap.change() + " holds " + overlap.sharedAssets() + " of its asset(s)");
        }
        blackouts.overlapping(change.customerId(), now, now.plusSeconds(1))
            .forEach(b -> audit.record(change.customerId(), change.id().value(), Actor.SYSTEM_NAME,
                    "BLACKOUT_OVERRIDDEN",
                    "emergency change during " + b.kind().name().toLowerCase() + " blackout '" + b.name() + "'"));
        lifecycle.schedule(change.id(), DateTimes.column(now), DateTimes.column(end),
                "emergency change: starts now, maintenance windows do not apply");
        return new Scheduled(now, end, false);
    }

    /**
     * The conflicts recorded for the change: changes it was postponed behind, or overrode
     * as an emergency.
     */
    @Transactional(readOnly = true)
    public List<ChangeConflict> conflicts(ChangeId id) {
        return conflicts.ofChange(id);
    }

    /**
     * The earliest slot without windows closed, hard blackouts or other changes; a
     * suggestion, nothing is recorded.
     */
    @Transactional(readOnly = true)
    public Optional<Scheduled> nextFreeSlot(ChangeId id) {
        ChangeRequest change = lifecycle.get(id);
        Instant from = clock.instant();
        List<MaintenanceWindow> windows = inventory.windowsOfAssets(conflicts.assetIdsOf(id));
        List<WindowCalendar.Exclusion> exclusions = exclusions(change.customerId(), from);
        for (int attempt = 0; attempt < MAX_POSTPONEMENTS; attempt++) {
            Optional<WindowCalendar.Slot> slot = WindowCalendar.firstCommonSlot(windows, from, exclusions, true);
            if (slot.isEmpty()) {
                return Optional.empty();
            }
            List<ConflictRepository.Overlap> overlaps = conflicts.overlapping(id, slot.get().start(), slot.get().end());
            if (overlaps.isEmpty()) {
                return Optional.of(new Scheduled(slot.get().start(), slot.get().end(), false));
            }
            from = overlaps.stream().map(ConflictRepository.Overlap::end).max(Instant::compareTo).orElseThrow();
        }
        return Optional.empty();
    }

    private List<WindowCalendar.Exclusion> exclusions(String customerId, Instant from) {
        return blackouts.overlapping(customerId, from, from.plus(WindowCalendar.HORIZON))
            .stream()
            .map(b -> new WindowCalendar.Exclusion(b.start(), b.end(), b.kind() == Blackout.Kind.SOFT))
            .toList();
    }

    /** A time as a person reads it in a ticket: {@code 2026-12-07 22:47 UTC}. */
    private static final java.time.format.DateTimeFormatter MINUTE = java.time.format.DateTimeFormatter
        .ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .withZone(java.time.ZoneOffset.UTC);

    private static String describe(WindowCalendar.Slot slot, List<MaintenanceWindow> windows) {
        return "from " + MINUTE.format(slot.start()) + " to " + MINUTE.format(slot.end()) + (windows.isEmpty()
                ? " (no maintenance windows apply)"
                : ", in the maintenance window" + (windows.size() == 1 ? " " : "s ")
                        + windows.stream().map(w -> "\"" + w.name() + "\"").sorted().collect(Collectors.joining(", ")))
                + (slot.inSoftExclusion() ? "; in a soft blackout: needs a change manager's approval" : "");
    }

}
