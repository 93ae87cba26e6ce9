package io.patchflow.inventory;

import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.TUESDAY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class WindowCalendarTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    private static MaintenanceWindow window(ZoneId zone, Set<DayOfWeek> days, String start, Duration length) {
        return MaintenanceWindow.weekly(1, "acme", "test window", zone, days, LocalTime.parse(start), length);
    }

    // 2026-06-07 is a Sunday, 2026-06-08 a Monday.
    private static final Instant SUNDAY_NOON = Instant.parse("2026-06-07T12:00:00Z");

    @Test
    void overlappingWindowsOpenTogetherWhenTheLaterOneOpens() {
        MaintenanceWindow evening = window(UTC, Set.of(MONDAY), "20:00", Duration.ofHours(4));
        MaintenanceWindow night = window(UTC, Set.of(MONDAY), "22:00", Duration.ofHours(4));

        assertThat(WindowCalendar.firstCommonOpening(List.of(evening, night), SUNDAY_NOON))
            .contains(Instant.parse("2026-06-08T22:00:00Z"));
    }

    @Test
    void windowsInDifferentZonesAreComparedOnTheSameTimeline() {
        // 22:00 Berlin summer time is 20:00 UTC, so the UTC window opening at 21:00
        // starts the overlap.
        MaintenanceWindow berlin = window(ZoneId.of("Europe/Berlin"), Set.of(MONDAY), "22:00", Duration.ofHours(4));
        MaintenanceWindow utc = window(UTC, Set.of(MONDAY), "21:00", Duration.ofHours(2));

        assertThat(WindowCalendar.firstCommonOpening(List.of(berlin, utc), SUNDAY_NOON))
            .contains(Instant.parse("2026-06-08T21:00:00Z"));
    }

    @Test
    void overlapThatStartsInsideTheFirstWindowBeginsWhenTheSecondOpens() {
        MaintenanceWindow evening = window(UTC, Set.of(MONDAY), "20:00", Duration.ofHours(4));
        MaintenanceWindow night = window(UTC, Set.of(MONDAY), "22:00", Duration.ofHours(4));

        assertThat(WindowCalendar.firstCommonOpening(List.of(evening, night), Instant.parse("2026-06-08T21:00:00Z")))
            .contains(Instant.parse("2026-06-08T22:00:00Z"));
    }

    @Test
    void startInsideOneDailyWindowStillFindsTheOverlapOnTheNextDay() {
        // From Monday 19:00, inside the long daily window: the next overlap is Tuesday
        // 00:00, when the long window opens again while Monday night's window is still
        // open.
        MaintenanceWindow day = window(UTC, Set.of(DayOfWeek.values()), "00:00", Duration.ofHours(20));
        MaintenanceWindow night = window(UTC, Set.of(MONDAY), "22:00", Duration.ofHours(4));

        assertThat(WindowCalendar.firstCommonOpening(List.of(day, night), Instant.parse("2026-06-08T19:00:00Z")))
            .contains(Instant.parse("2026-06-09T00:00:00Z"));
    }

    @Test
    void windowsThatNeverOverlapHaveNoCommonOpening() {
        MaintenanceWindow monday = window(UTC, Set.of(MONDAY), "01:00", Duration.ofHours(2));
        MaintenanceWindow tuesday = window(UTC, Set.of(TUESDAY), "01:00", Duration.ofHours(2));

        assertThat(WindowCalendar.firstCommonOpening(List.of(monday, tuesday), SUNDAY_NOON)).isEmpty();
    }

    @Test
    void windowsThatOnlyTouchHaveNoCommonOpening() {
        // The first window closes at the very instant the second opens; closing is
        // exclusive.
        MaintenanceWindow early = window(UTC, Set.of(MONDAY), "20:00", Duration.ofHours(2));
        MaintenanceWindow late = window(UTC, Set.of(MONDAY), "22:00", Duration.ofHours(2));

        assertThat(WindowCalendar.firstCommonOpening(List.of(early, late), SUNDAY_NOON)).isEmpty();
    }

    @Test
    void withoutWindowsTheChangeMayStartRightAway() {
        assertThat(WindowCalendar.firstCommonOpening(List.of(), SUNDAY_NOON)).contains(SUNDAY_NOON);
    }

    @Test
    void startInsideEveryWindowIsTheFirstCommonOpening() {
        MaintenanceWindow evening = window(UTC, Set.of(MONDAY), "20:00", Duration.ofHours(4));
        MaintenanceWindow night = window(UTC, Set.of(MONDAY), "22:00", Duration.ofHours(4));
        Instant insideBoth = Instant.parse("2026-06-08T23:00:00Z");

        assertThat(WindowCalendar.firstCommonOpening(List.of(evening, night), insideBoth)).contains(insideBoth);
    }

    @Test
    void singleWindowOpensAtItsOwnNextOpening() {
        MaintenanceWindow tuesday = window(UTC, Set.of(TUESDAY), "03:00", Duration.ofHours(1));

        assertThat(WindowCalendar.firstCommonOpening(List.of(tuesday), SUNDAY_NOON))
            .contains(Instant.parse("2026-06-09T03:00:00Z"));
    }

}
