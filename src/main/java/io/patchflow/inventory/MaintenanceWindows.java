package io.patchflow.inventory;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.RoleRule;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/** Defining a customer's maintenance windows and asking when they open. */
@Service
public class MaintenanceWindows {

    /** Who defines maintenance windows; the calendar offers its form by the same rule. */
    public static final RoleRule DEFINE = RoleRule
        .anyOf("only change managers and administrators define maintenance windows", Role.CHANGE_MANAGER, Role.ADMIN);

    /** The longest period one request may list openings for. */
    public static final Duration MAX_LISTED = WindowCalendar.HORIZON;

    private final InventoryRepository inventory;

    private final AuditTrail audit;

    MaintenanceWindows(InventoryRepository inventory, AuditTrail audit) {
        this.inventory = inventory;
        this.audit = audit;
    }

    /** A window with its next opening, as the API and the calendar show it. */
    public record WindowView(long id, String customerId, String name, String timeZone, String recurrence,
            int offsetDays, String start, long durationMinutes, Instant nextOpening) {

        static WindowView of(MaintenanceWindow window, Instant now) {
            return new WindowView(window.id(), window.customerId(), window.name(), window.zone().getId(),
                    window.recurrence(), window.offsetDays(), window.start().toString(), window.length().toMinutes(),
                    window.nextOpening(now, WindowCalendar.HORIZON).orElse(null));
        }
    }

    @Transactional(readOnly = true)
    public List<WindowView> ofCustomer(Actor actor, String customerId) {
        visible(actor, customerId);
        Instant now = Instant.now();
        return inventory.windowsOfCustomer(customerId).stream().map(w -> WindowView.of(w, now)).toList();
    }

    /**
     * Change managers and administrators define windows; every field is checked before
     * anything is stored.
     */
    @Transactional
    public WindowView create(Actor actor, String customerId, WindowSpec spec) {
        visible(actor, customerId);
        DEFINE.check(actor);
        MaintenanceWindow window = parse(customerId, spec);
        if (inventory.windowIdsByName(customerId).containsKey(window.name())) {
            throw new InvalidInputException("name",
                    "customer " + customerId + " already has a maintenance window named '" + window.name() + "'");
        }
        long id = inventory.createWindow(window);
        audit.record(customerId, null, actor.username(), "WINDOW_CREATED",
                "'" + window.name() + "': " + window.recurrence()
                        + (window.offsetDays() == 0 ? ""
                                : " " + (window.offsetDays() > 0 ? "+" : "") + window.offsetDays() + " days")
                        + " " + window.start() + " " + window.zone() + " for " + window.length().toMinutes() + " min");
        return WindowView.of(inventory.windows(List.of(id)).get(0), Instant.now());
    }

    /** When the window opens in [from, to); at most {@link #MAX_LISTED} at once. */
    @Transactional(readOnly = true)
    public List<MaintenanceWindow.Opening> openings(Actor actor, long windowId, Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw new InvalidInputException("to", "'to' is after 'from'");
        }
        if (Duration.between(from, to).compareTo(MAX_LISTED) > 0) {
            throw new InvalidInputException("to",
                    "openings are listed for at most " + MAX_LISTED.toDays() + " days at once");
        }
        return window(actor, windowId).openings(from, to);
    }

    public MaintenanceWindow window(Actor actor, long windowId) {
        return inventory.windows(List.of(windowId))
            .stream()
            .filter(w -> actor.canSee(w.customerId()))
            .findFirst()
            .orElseThrow(() -> new NotFoundException("no maintenance window " + windowId));
    }

    /** Turns what people typed into a window, naming the first field that is wrong. */
    static MaintenanceWindow parse(String customerId, WindowSpec spec) {
        if (spec == null) {
            throw new InvalidInputException("body",
                    "a maintenance window needs name, timeZone, recurrence, start and durationMinutes");
        }
        String name = spec.name() == null ? "" : spec.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            throw new InvalidInputException("name", "a maintenance window needs a name of at most 200 characters");
        }
        ZoneId zone = zone(spec.timeZone());
        LocalTime start = start(spec.start());
        if (spec.durationMinutes() == null || spec.durationMinutes() <= 0 || spec.durationMinutes() > 7 * 24 * 60) {
            throw new InvalidInputException("durationMinutes",
                    "a maintenance window lasts more than zero minutes and at most 7 days (" + 7 * 24 * 60
                            + " minutes); got " + spec.durationMinutes());
        }
        int offset = spec.offsetDays() == null ? 0 : spec.offsetDays();
        if (offset < -27 || offset > 27) {
            throw new InvalidInputException("offsetDays",
                    "the day offset of a maintenance window is between -27 and 27; got " + offset);
        }
        try {
            MaintenanceWindow.parse(spec.recurrence());
        }
        catch (IllegalArgumentException e) {
            throw new InvalidInputException("recurrence", e.getMessage());
        }
        return new MaintenanceWindow(0, customerId, name, zone, spec.recurrence(), offset, start,
                Duration.ofMinutes(spec.durationMinutes()));
    }

    private static ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            throw new InvalidInputException("timeZone", "a maintenance window needs a time zone, e.g. Europe/Berlin");
        }
        try {
            // Region ids only: a fixed offset such as +01:00 would ignore daylight
            // saving.
            if (!timeZone.contains("/") && !timeZone.equals("UTC")) {
                throw new DateTimeException("not a region");
            }
            return ZoneId.of(timeZone);
        }
        catch (DateTimeException e) {
            throw new InvalidInputException("timeZone", "unknown time zone '" + timeZone
                    + "'; use a region id from the tz database, e.g. Europe/Berlin or America/New_York");
        }
    }

    private static LocalTime start(String start) {
        try {
            if (start == null || !start.matches("\\d{2}:\\d{2}")) {
                throw new DateTimeParseException("not HH:mm", String.valueOf(start), 0);
            }
            return LocalTime.parse(start);
        }
        catch (DateTimeParseException e) {
            throw new InvalidInputException("start",
                    "the start is a local time HH:mm, e.g. 22:00; got '" + start + "'");
        }
    }

    private static void visible(Actor actor, String customerId) {
        if (!actor.canSee(customerId)) {
            throw new NotFoundException("no customer " + customerId);
        }
    }

}
