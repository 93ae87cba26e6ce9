package io.patchflow.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.patchflow.shared.InvalidInputException;

/**
 * What people type for a window becomes a window, or an error naming the field that is
 * wrong.
 */
class WindowSpecTest {

    @Test
    void aPatchTuesdayOffsetWindowParses() {
        MaintenanceWindow window = MaintenanceWindows.parse("acme",
                new WindowSpec(" PT+4 ", "Europe/Berlin", "FREQ=MONTHLY;BYDAY=2TU", 4, "22:00", 240));
        assertThat(window.name()).isEqualTo("PT+4");
        assertThat(window.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(window.recurrence()).isEqualTo("FREQ=MONTHLY;BYDAY=2TU");
        assertThat(window.offsetDays()).isEqualTo(4);
        assertThat(window.start()).isEqualTo(LocalTime.of(22, 0));
        assertThat(window.length()).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void anAbsentOffsetIsZero() {
        assertThat(MaintenanceWindows.parse("acme", new WindowSpec("w", "UTC", "FREQ=DAILY", null, "00:00", 60))
            .offsetDays()).isZero();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = { "name|''|needs a name",
            "timeZone|Mars/Olympus_Mons|unknown time zone 'Mars/Olympus_Mons'", "timeZone|CET|unknown time zone 'CET'",
            "timeZone|+01:00|unknown time zone '+01:00'", "timeZone|''|needs a time zone", "start|24:00|HH:mm",
            "start|9:00|HH:mm", "durationMinutes|0|more than zero minutes",
            "durationMinutes|-30|more than zero minutes", "durationMinutes|10081|at most 7 days",
            "offsetDays|28|between -27 and 27", "recurrence|''|needs a recurrence rule",
            "recurrence|FREQ=YEARLY;BYMONTH=1|FREQ is DAILY, WEEKLY or MONTHLY",
            "recurrence|FREQ=WEEKLY;BYDAY=SA;UNTIL=20270101|does not end", "recurrence|BYDAY=SA|does not parse", })
    void aWrongFieldIsNamed(String field, String value, String message) {
        String name = "w", zone = "Europe/Berlin", rule = "FREQ=WEEKLY;BYDAY=SA", start = "22:00";
        Integer offset = 0, minutes = 120;
        switch (field) {
            case "name" -> name = value;
            case "timeZone" -> zone = value;
            case "recurrence" -> rule = value;
            case "start" -> start = value;
            case "offsetDays" -> offset = Integer.valueOf(value);
            case "durationMinutes" -> minutes = Integer.valueOf(value);
            default -> throw new IllegalArgumentException(field);
        }
        WindowSpec spec = new WindowSpec(name, zone, rule, offset, start, minutes);
        assertThatThrownBy(() -> MaintenanceWindows.parse("acme", spec)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining(message)
            .extracting(e -> ((InvalidInputException) e).field())
            .isEqualTo(field);
    }

}
