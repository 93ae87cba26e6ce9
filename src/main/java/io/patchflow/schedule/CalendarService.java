package io.patchflow.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeRequest;
import io.patchflow.inventory.Inventory;
import io.patchflow.inventory.MaintenanceWindow;
import io.patchflow.inventory.WindowCalendar;
import io.patchflow.security.Actor;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/** Builds a customer's calendar and answers "when could this change run next?". */
@Service
public class CalendarService {

    private static final int MAX_CHANGES = 500;

    private static final int MAX_BLACKOUTS = 200;

    private final Inventory inventory;

    private final BlackoutRepository blackouts;

    private final ConflictRepository conflicts;

    private final ChangeLifecycle lifecycle;

    private final ScheduleService schedule;

    CalendarService(Inventory inventory, BlackoutRepository blackouts, ConflictRepository conflicts,
            ChangeLifecycle lifecycle, ScheduleService schedule) {
        this.inventory = inventory;
        this.blackouts = blackouts;
        this.conflicts = conflicts;
        this.lifecycle = lifecycle;
        this.schedule = schedule;
    }

    @Transactional(readOnly = true)
    public Calendar calendar(Actor actor, String customerId, Instant from, Duration length) {
        if (!actor.canSee(customerId)) {
            throw new NotFoundException("no customer " + customerId);
        }
        if (length.isNegative() || length.isZero() || length.compareTo(WindowCalendar.HORIZON) > 0) {
            throw new InvalidInputException("days",
                    "the calendar shows 1 to " + WindowCalendar.HORIZON.toDays() + " days");
        }
        Instant to = from.plus(length);
        List<Calendar.WindowOpening> openings = new ArrayList<>();
        for (MaintenanceWindow window : inventory.windowsOfCustomer(customerId)) {
            for (MaintenanceWindow.Opening opening : window.openings(from, to)) {
                openings.add(new Calendar.WindowOpening(window.id(), window.name(), window.zone().getId(),
                        opening.start(), opening.end()));
            }
        }
        openings
            .sort(Comparator.comparing(Calendar.WindowOpening::start).thenComparing(Calendar.WindowOpening::window));
        List<ChangeRequest> scheduled = lifecycle.withSlotsOverlapping(List.of(customerId), from, to, MAX_CHANGES);
        Map<ChangeId, List<ChangeConflict>> recorded = conflicts
            .ofChanges(scheduled.stream().map(ChangeRequest::id).toList());
        List<Calendar.ScheduledChange> rows = scheduled.stream()
            .map(c -> new Calendar.ScheduledChange(c.id().toString(), c.title(), c.status().name(),
                    c.changeType() == null ? null : c.changeType().name(), c.scheduledStart().toInstant(),
                    c.scheduledEnd().toInstant(), recorded.getOrDefault(c.id(), List.of())))
            .toList();
        return new Calendar(customerId, from, to, openings,
                blackouts.visible(List.of(customerId), from, to, MAX_BLACKOUTS), rows);
    }

    /**
     * The earliest slot without closed windows, blackouts or other changes on the same
     * assets; nothing is booked.
     */
    @Transactional(readOnly = true)
    public NextFreeSlot nextFreeSlot(Actor actor, ChangeId id) {
        ChangeRequest change = lifecycle.get(id);
        if (!actor.canSee(change.customerId())) {
            throw new NotFoundException("no change " + id);
        }
        return schedule.nextFreeSlot(id)
            .map(slot -> new NextFreeSlot(id.toString(), slot.start(), slot.end(), null))
            .orElseGet(() -> new NextFreeSlot(id.toString(), null, null, "no slot in the next "
                    + WindowCalendar.HORIZON.toDays()
                    + " days in which all maintenance windows of the change are open outside blackouts and other changes"));
    }

    public record NextFreeSlot(String changeId, Instant start, Instant end, String reason) {
    }

}
