package io.patchflow.inventory;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static MaintenanceWindow window(ZoneId zone, Set<DayOfWeek> days, String start, Duration length) {
        return MaintenanceWindow.weekly(1, "acme", "test window", zone, days, LocalTime.parse(start), length);
    }

    private static Instant at(ZoneId zone, String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    @Nested
    class AcrossMidnight {

        // Saturday 2026-06-06 22:00 until Sunday 2026-06-07 04:00, Berlin summer time.
        private final MaintenanceWindow saturdayNight = window(BERLIN, Set.of(SATURDAY), "22:00", Duration.ofHours(6));

        @Test
        void isOpenOnSundayMorningBeforeItCloses() {
            assertThat(saturdayNight.isOpenAt(at(BERLIN, "2026-06-07T03:00"))).isTrue();
        }

        @Test
        void isClosedOnSundayMorningAfterItCloses() {
            assertThat(saturdayNight.isOpenAt(at(BERLIN, "2026-06-07T04:30"))).isFalse();
        }

        @Test
        void opensAtItsStartAndClosesAtItsEnd() {
            assertThat(saturdayNight.isOpenAt(at(BERLIN, "2026-06-06T21:59"))).isFalse();
            assertThat(saturdayNight.isOpenAt(at(BERLIN, "2026-06-06T22:00"))).isTrue();
            assertThat(saturdayNight.isOpenAt(at(BERLIN, "2026-06-07T03:59"))).isTrue();
            assertThat(saturdayNight.isOpenAt(at(BERLIN, "2026-06-07T04:00"))).isFalse();
        }

        @Test
        void isClosedOnOtherDaysAtTheSameTime() {
            assertThat(saturdayNight.isOpenAt(at(BERLIN, "2026-06-05T23:00"))).isFalse();
            assertThat(saturdayNight.isOpenAt(at(BERLIN, "2026-06-08T03:00"))).isFalse();
        }

        @Test
        void nextOpeningFromInsideTheWindowIsNow() {
            Instant sundayThree = at(BERLIN, "2026-06-07T03:00");

            assertThat(saturdayNight.nextOpening(sundayThree)).contains(sundayThree);
        }

        @Test
        void nextOpeningAfterItClosedIsTheFollowingSaturday() {
            assertThat(saturdayNight.nextOpening(at(BERLIN, "2026-06-07T04:30")))
                .contains(at(BERLIN, "2026-06-13T22:00"));
        }

        @Test
        void nextOpeningEarlierOnSaturdayIsThatEvening() {
            assertThat(saturdayNight.nextOpening(at(BERLIN, "2026-06-06T09:00")))
                .contains(at(BERLIN, "2026-06-06T22:00"));
        }

    }

    @Test
    void windowThatAlreadyOpenedAndClosedTodayNextOpensInAWeek() {
        MaintenanceWindow mondayMorning = window(BERLIN, Set.of(MONDAY), "09:00", Duration.ofHours(2));

        assertThat(mondayMorning.nextOpening(at(BERLIN, "2026-06-08T12:00"))).contains(at(BERLIN, "2026-06-15T09:00"));
    }

    @Test
    void weekdayNightWindowSkipsTheWeekend() {
        MaintenanceWindow weeknights = window(BERLIN, EnumSet.range(MONDAY, FRIDAY), "22:00", Duration.ofHours(6));

        assertThat(weeknights.isOpenAt(at(BERLIN, "2026-06-13T02:00"))).as("Friday's window runs into Saturday")
            .isTrue();
        assertThat(weeknights.nextOpening(at(BERLIN, "2026-06-13T05:00"))).contains(at(BERLIN, "2026-06-15T22:00"));
    }

    @Test
    void weekLongWindowOpenedOnMondayIsStillOpenOnSundayNight() {
        // Only reachable by looking a full week back from the instant asked about.
        MaintenanceWindow wholeWeek = window(BERLIN, Set.of(MONDAY), "00:00", Duration.ofDays(7));

        assertThat(wholeWeek.isAlwaysOpen()).isFalse();
        assertThat(wholeWeek.isOpenAt(at(BERLIN, "2026-06-14T23:59"))).isTrue();
    }

    @Test
    void windowOfADayOnEveryDayIsAlwaysOpen() {
        MaintenanceWindow always = window(BERLIN, EnumSet.allOf(DayOfWeek.class), "00:00", Duration.ofDays(1));
        Instant anyMoment = Instant.parse("2026-03-29T01:15:00Z");

        assertThat(always.isAlwaysOpen()).isTrue();
        assertThat(always.isOpenAt(anyMoment)).isTrue();
        assertThat(always.nextOpening(anyMoment)).contains(anyMoment);
    }

    @Test
    void dailyWindowShorterThanADayIsNotAlwaysOpen() {
        MaintenanceWindow daily = window(BERLIN, EnumSet.allOf(DayOfWeek.class), "00:00", Duration.ofHours(23));

        assertThat(daily.isAlwaysOpen()).isFalse();
        assertThat(daily.isOpenAt(at(BERLIN, "2026-06-10T23:30"))).isFalse();
        assertThat(daily.nextOpening(at(BERLIN, "2026-06-10T23:30"))).contains(at(BERLIN, "2026-06-11T00:00"));
    }

    @Nested
    class Construction {

        @Test
        void refusesAWindowOfZeroLength() {
            assertThatThrownBy(() -> window(BERLIN, Set.of(MONDAY), "22:00", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void refusesAWindowOfNegativeLength() {
            assertThatThrownBy(() -> window(BERLIN, Set.of(MONDAY), "22:00", Duration.ofMinutes(-30)))
                .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void refusesAWindowWithoutDays() {
            assertThatThrownBy(() -> window(BERLIN, Set.of(), "22:00", Duration.ofHours(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one day");
        }

        @Test
        void refusesAWindowLongerThanAWeek() {
            assertThatThrownBy(() -> window(BERLIN, Set.of(MONDAY), "22:00", Duration.ofDays(7).plusMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 7 days");
        }

        @Test
        void acceptsAWindowOfExactlyOneWeek() {
            assertThat(window(BERLIN, Set.of(MONDAY), "00:00", Duration.ofDays(7)).length())
                .isEqualTo(Duration.ofDays(7));
        }

        @Test
        void keepsItsDaysWhenTheCallerChangesTheirSetAfterwards() {
            Set<DayOfWeek> days = new HashSet<>(Set.of(MONDAY));
            MaintenanceWindow window = window(BERLIN, days, "22:00", Duration.ofHours(2));

            days.add(SUNDAY);

            assertThat(window.recurrence()).isEqualTo("FREQ=WEEKLY;BYDAY=MO");
        }

    }

    @Nested
    class SpringForwardInBerlin {

        // On Sunday 2026-03-29 Berlin skips from 02:00 CET to 03:00 CEST; 02:30 does not
        // exist that day.
        private final MaintenanceWindow sundayHalfPastTwo = window(BERLIN, Set.of(SUNDAY), "02:30",
                Duration.ofHours(1));

        @Test
        void startInTheSkippedHourIsShiftedForwardByTheGap() {
            // ZonedDateTime resolves a local time in a gap by moving it later by the
            // gap's length: 03:30 CEST.
            assertThat(sundayHalfPastTwo.nextOpening(Instant.parse("2026-03-28T12:00:00Z")))
                .contains(Instant.parse("2026-03-29T01:30:00Z"));
        }

        @Test
        void shiftedWindowStillLastsItsFullLength() {
            assertThat(sundayHalfPastTwo.isOpenAt(Instant.parse("2026-03-29T01:15:00Z"))).as("03:15 CEST").isFalse();
            assertThat(sundayHalfPastTwo.isOpenAt(Instant.parse("2026-03-29T01:30:00Z"))).as("03:30 CEST").isTrue();
            assertThat(sundayHalfPastTwo.isOpenAt(Instant.parse("2026-03-29T02:29:00Z"))).as("04:29 CEST").isTrue();
            assertThat(sundayHalfPastTwo.isOpenAt(Instant.parse("2026-03-29T02:30:00Z"))).as("04:30 CEST").isFalse();
        }

        @Test
        void keepsItsWallClockStartInTheWeeksAroundTheChange() {
            assertThat(sundayHalfPastTwo.nextOpening(Instant.parse("2026-03-21T12:00:00Z"))).as("02:30 CET")
                .contains(Instant.parse("2026-03-22T01:30:00Z"));
            assertThat(sundayHalfPastTwo.nextOpening(Instant.parse("2026-03-29T03:00:00Z"))).as("02:30 CEST")
                .contains(Instant.parse("2026-04-05T00:30:00Z"));
        }

    }

    @Nested
    class FallBackInNewYork {

        // On Sunday 2026-11-01 New York repeats 01:00-02:00, going from EDT (-4) back to
        // EST (-5).
        private final MaintenanceWindow saturdayNight = window(NEW_YORK, Set.of(SATURDAY), "22:00",
                Duration.ofHours(6));

        @Test
        void keepsItsWallClockStartOnEitherSideOfTheChange() {
            assertThat(saturdayNight.nextOpening(Instant.parse("2026-10-24T12:00:00Z"))).as("22:00 EDT")
                .contains(Instant.parse("2026-10-25T02:00:00Z"));
            assertThat(saturdayNight.nextOpening(Instant.parse("2026-10-31T12:00:00Z")))
                .as("22:00 EDT on the night of the change")
                .contains(Instant.parse("2026-11-01T02:00:00Z"));
            assertThat(saturdayNight.nextOpening(Instant.parse("2026-11-07T12:00:00Z"))).as("22:00 EST")
                .contains(Instant.parse("2026-11-08T03:00:00Z"));
        }

        @Test
        void windowAcrossTheRepeatedHourLastsItsLengthInElapsedTime() {
            // The length is a Duration, so six real hours pass: the window ends at 03:00
            // EST, not 04:00.
            assertThat(saturdayNight.isOpenAt(Instant.parse("2026-11-01T07:59:00Z"))).as("02:59 EST").isTrue();
            assertThat(saturdayNight.isOpenAt(Instant.parse("2026-11-01T08:00:00Z"))).as("03:00 EST").isFalse();
        }

        @Test
        void startInTheRepeatedHourUsesItsFirstOccurrence() {
            // ZonedDateTime resolves an ambiguous local time to the earlier offset, here
            // EDT.
            MaintenanceWindow sundayHalfPastOne = window(NEW_YORK, Set.of(SUNDAY), "01:30", Duration.ofHours(1));

            assertThat(sundayHalfPastOne.nextOpening(Instant.parse("2026-10-31T12:00:00Z")))
                .contains(Instant.parse("2026-11-01T05:30:00Z"));
            assertThat(sundayHalfPastOne.isOpenAt(Instant.parse("2026-11-01T06:15:00Z"))).as("01:15 EST").isTrue();
            assertThat(sundayHalfPastOne.isOpenAt(Instant.parse("2026-11-01T06:30:00Z"))).as("01:30 EST").isFalse();
        }

    }

}
