package io.patchflow.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.fortuna.ical4j.model.component.VEvent;

import io.patchflow.inventory.WindowSpec;
import io.patchflow.shared.InvalidInputException;

class CalendarImportTest {

    @Test
    void aRecurringEventIsAWindowInItsOwnTimeZone() {
        VEvent event = only("""
                BEGIN:VEVENT
                UID:1@customer.example
                DTSTAMP:20261201T000000Z
                SUMMARY:Patch Tuesday + 4
                DTSTART;TZID=Europe/Berlin:20270112T220000
                DTEND;TZID=Europe/Berlin:20270113T020000
                RRULE:FREQ=MONTHLY;BYDAY=2TU
                END:VEVENT
                """);

        assertThat(CalendarImport.window(event, "Patch Tuesday + 4"))
            .isEqualTo(new WindowSpec("Patch Tuesday + 4", "Europe/Berlin", "FREQ=MONTHLY;BYDAY=2TU", 0, "22:00", 240));
    }

    @Test
    void aUtcEventWithADurationIsAWindowInUtc() {
        VEvent event = only("""
                BEGIN:VEVENT
                UID:2@customer.example
                DTSTAMP:20261201T000000Z
                SUMMARY:Nightly
                DTSTART:20270101T013000Z
                DURATION:PT90M
                RRULE:FREQ=DAILY
                END:VEVENT
                """);

        assertThat(CalendarImport.window(event, "Nightly"))
            .isEqualTo(new WindowSpec("Nightly", "UTC", "FREQ=DAILY", 0, "01:30", 90));
    }

    @Test
    void anAllDayEventIsABlackoutOfWholeUtcDaysAndARecurringOneIsNot() {
        VEvent freeze = only("""
                BEGIN:VEVENT
                UID:3@customer.example
                DTSTAMP:20261201T000000Z
                SUMMARY:Year-end freeze
                DTSTART;VALUE=DATE:20271220
                DTEND;VALUE=DATE:20280103
                END:VEVENT
                """);

        assertThat(CalendarImport.blackout(freeze, "acme", "Year-end freeze", "HARD"))
            .isEqualTo(new BlackoutSpec("acme", "Year-end freeze", OffsetDateTime.parse("2027-12-20T00:00Z"),
                    OffsetDateTime.parse("2028-01-03T00:00Z"), "HARD"));
        VEvent weekly = only("""
                BEGIN:VEVENT
                UID:4@customer.example
                DTSTAMP:20261201T000000Z
                SUMMARY:Weekly
                DTSTART:20270101T013000Z
                DURATION:PT1H
                RRULE:FREQ=WEEKLY
                END:VEVENT
                """);
        assertThatThrownBy(() -> CalendarImport.blackout(weekly, "acme", "Weekly", "HARD"))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("a recurring event (RRULE) is a maintenance window");
        assertThatThrownBy(() -> CalendarImport.window(freeze, "Year-end freeze"))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("a single event is a blackout");
    }

    @Test
    void whatIsNotACalendarIsRefusedSaySo() {
        assertThatThrownBy(() -> CalendarImport.events(new byte[0])).hasMessage("choose an iCalendar file (.ics)");
        assertThatThrownBy(() -> CalendarImport.events("hello".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageStartingWith("not an iCalendar file");
        assertThatThrownBy(() -> CalendarImport.events(calendar("").getBytes(StandardCharsets.UTF_8)))
            .hasMessage("the file has no events (VEVENT)");
        assertThatThrownBy(() -> CalendarImport.events(new byte[CalendarImport.MAX_BYTES + 1]))
            .hasMessageContaining("larger than 512 KiB");
    }

    private static VEvent only(String event) {
        List<VEvent> events = CalendarImport
            .events(calendar(event.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8));
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private static String calendar(String events) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Customer//EN\r\n" + events + "END:VCALENDAR\r\n";
    }

}
