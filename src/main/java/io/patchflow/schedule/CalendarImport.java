package io.patchflow.schedule;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DateProperty;

import io.patchflow.inventory.MaintenanceWindows;
import io.patchflow.inventory.WindowSpec;
import io.patchflow.security.Actor;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.Text;

/**
 * Maintenance windows or blackouts from an iCalendar file a customer sends (ADR 0034).
 * Windows are recurring events: the event's RRULE becomes the window's rule, its start
 * (local time in its TZID) the window's start, and its length the window's length.
 * Blackouts are single events, HARD or SOFT as the person importing says. Every event
 * goes through the same checks as one entered by hand; the import is all or nothing, and
 * a refusal names the event.
 */
@Service
public class CalendarImport {

    /** The largest file read, in bytes. */
    public static final int MAX_BYTES = 512 * 1024;

    /** The most events in one file. */
    public static final int MAX_EVENTS = 100;

    private final MaintenanceWindows windows;

    private final Blackouts blackouts;

    CalendarImport(MaintenanceWindows windows, Blackouts blackouts) {
        this.windows = windows;
        this.blackouts = blackouts;
    }

    /** What a file holds. */
    public enum Content {

        WINDOWS, BLACKOUTS;

        public static Content of(String value) {
            try {
                return valueOf(value == null ? "" : value.strip().toUpperCase(Locale.ROOT));
            }
            catch (IllegalArgumentException e) {
                throw new InvalidInputException("content", "the file holds WINDOWS or BLACKOUTS, not '" + value + "'");
            }
        }

    }

    /** What was imported: the names, in the file's order. */
    public record Imported(Content content, List<String> names) {
    }

    /**
     * @param kind HARD or SOFT, for blackouts
     */
    @Transactional
    public Imported importFile(Actor actor, String customerId, Content content, String kind, byte[] file) {
        List<VEvent> events = events(file);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            VEvent event = events.get(i);
            String summary = Text.printable(text(event, Property.SUMMARY).orElse(""));
            try {
                if (content == Content.WINDOWS) {
                    names.add(windows.create(actor, customerId, window(event, summary)).name());
                }
                else {
                    names.add(blackouts.declare(actor, blackout(event, customerId, summary, kind)).blackout().name());
                }
            }
            catch (InvalidInputException e) {
                // The transaction rolls back what the earlier events stored.
                throw new InvalidInputException("file",
                        "event " + (i + 1) + " ('" + summary + "'): " + e.field() + ": " + e.getMessage());
            }
        }
        return new Imported(content, names);
    }

    static List<VEvent> events(byte[] file) {
        if (file == null || file.length == 0) {
            throw new InvalidInputException("file", "choose an iCalendar file (.ics)");
        }
        if (file.length > MAX_BYTES) {
            throw new InvalidInputException("file", "the file is larger than " + MAX_BYTES / 1024 + " KiB");
        }
        net.fortuna.ical4j.model.Calendar calendar;
        try {
            calendar = new CalendarBuilder().build(new ByteArrayInputStream(file));
        }
        catch (ParserException e) {
            throw new InvalidInputException("file", "not an iCalendar file: line " + e.getLineNo() + ": "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
        }
        catch (IOException | RuntimeException e) {
            throw new InvalidInputException("file", "not an iCalendar file: " + e.getMessage());
        }
        List<VEvent> events = calendar.getComponents(net.fortuna.ical4j.model.Component.VEVENT);
        if (events.isEmpty()) {
            throw new InvalidInputException("file", "the file has no events (VEVENT)");
        }
        if (events.size() > MAX_EVENTS) {
            throw new InvalidInputException("file",
                    "the file has " + events.size() + " events; import at most " + MAX_EVENTS + " at once");
        }
        return events;
    }

    static WindowSpec window(VEvent event, String summary) {
        String rule = text(event, Property.RRULE).orElseThrow(() -> new InvalidInputException("recurrence",
                "a maintenance window is a recurring event (RRULE); a single event is a blackout"));
        Temporal start = start(event);
        if (!(start instanceof ZonedDateTime || start instanceof OffsetDateTime || start instanceof Instant)) {
            throw new InvalidInputException("start",
                    "a maintenance window starts at a time of day in a time zone (DTSTART with TZID or in UTC)");
        }
        ZonedDateTime zoned = zoned(start);
        Duration length = Duration.between(zoned, zoned(end(event, start)));
        // ical4j names the zones it builds from a file's VTIMEZONE itself; the window
        // keeps
        // the file's TZID, which MaintenanceWindows checks against the tz database.
        String zone = event.getProperty(Property.DTSTART)
            .flatMap(p -> p.<Parameter>getParameter(Parameter.TZID))
            .map(t -> t.getValue())
            .orElse("UTC");
        return new WindowSpec(summary, zone, rule, 0, zoned.toLocalTime().format(DateTimeFormatter.ofPattern("HH:mm")),
                (int) Math.min(Integer.MAX_VALUE, length.toMinutes()));
    }

    static BlackoutSpec blackout(VEvent event, String customerId, String summary, String kind) {
        if (text(event, Property.RRULE).isPresent()) {
            throw new InvalidInputException("recurrence",
                    "a blackout is a single event; a recurring event (RRULE) is a maintenance window");
        }
        Temporal start = start(event);
        return new BlackoutSpec(customerId, summary, offset(start), offset(end(event, start)), kind);
    }

    private static Temporal start(VEvent event) {
        return event.getProperty(Property.DTSTART)
            .map(p -> ((DateProperty<?>) p).getDate())
            .orElseThrow(() -> new InvalidInputException("start", "the event has no start (DTSTART)"));
    }

    /** DTEND, else DTSTART + DURATION, else a day for an all-day event. */
    private static Temporal end(VEvent event, Temporal start) {
        Optional<Property> end = event.getProperty(Property.DTEND);
        if (end.isPresent()) {
            return ((DateProperty<?>) end.get()).getDate();
        }
        Optional<Property> duration = event.getProperty(Property.DURATION);
        if (duration.isPresent()) {
            return start.plus(((net.fortuna.ical4j.model.property.Duration) duration.get()).getDuration());
        }
        if (start instanceof LocalDate day) {
            return day.plusDays(1);
        }
        throw new InvalidInputException("end", "the event has no end (DTEND or DURATION)");
    }

    private static ZonedDateTime zoned(Temporal time) {
        if (time instanceof ZonedDateTime z) {
            return z;
        }
        if (time instanceof OffsetDateTime o) {
            return o.toZonedDateTime();
        }
        if (time instanceof Instant i) {
            return i.atZone(ZoneOffset.UTC);
        }
        if (time instanceof LocalDateTime l) {
            // A floating time: read as UTC, as the calendar page's times are.
            return l.atZone(ZoneOffset.UTC);
        }
        if (time instanceof LocalDate d) {
            return d.atStartOfDay(ZoneId.of("UTC"));
        }
        throw new InvalidInputException("start", "unsupported date value " + time);
    }

    private static OffsetDateTime offset(Temporal time) {
        return zoned(time).toOffsetDateTime();
    }

    private static Optional<String> text(VEvent event, String name) {
        return event.getProperty(name).map(Property::getValue).map(String::strip).filter(v -> !v.isEmpty());
    }

}
