package io.patchflow.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/**
 * Monthly relative windows (Patch Tuesday offsets) and the rule checks, across DST in
 * Berlin and New York.
 */
class RecurringWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static MaintenanceWindow window(ZoneId zone, String rule, int offsetDays, String start, Duration length) {
        return new MaintenanceWindow(1, "acme", "w", zone, rule, offsetDays, LocalTime.parse(start), length);
    }

    private static Instant at(ZoneId zone, String local) {
        return LocalDateTime.parse(local).atZone(zone).toInstant();
    }

    @Test
    void secondTuesdayPlusFourDaysOpensOnTheSaturdayAfterPatchTuesday() {
        MaintenanceWindow patchSaturday = window(BERLIN, "FREQ=MONTHLY;BYDAY=2TU", 4, "22:00", Duration.ofHours(4));
        // Patch Tuesdays 2026: 13 Jan, 10 Feb, 10 Mar; the Saturdays after them are 17
        // Jan, 14 Feb, 14 Mar.
        assertThat(patchSaturday.openings(at(BERLIN, "2026-01-01T00:00"), at(BERLIN, "2026-03-31T00:00")))
            .extracting(MaintenanceWindow.Opening::start)
            .containsExactly(at(BERLIN, "2026-01-17T22:00"), at(BERLIN, "2026-02-14T22:00"),
                    at(BERLIN, "2026-03-14T22:00"));
        // 22:00-02:00 crosses midnight
        assertThat(patchSaturday.isOpenAt(at(BERLIN, "2026-01-18T01:30"))).isTrue();
        assertThat(patchSaturday.isOpenAt(at(BERLIN, "2026-01-18T02:00"))).isFalse();
        assertThat(patchSaturday.nextOpening(at(BERLIN, "2026-01-18T03:00"))).contains(at(BERLIN, "2026-02-14T22:00"));
    }

    @Test
    void offsetsCanMoveAcrossAMonthEnd() {
        // second Tuesday of January 2026 is the 13th; +20 days is 2 February
        MaintenanceWindow late = window(BERLIN, "FREQ=MONTHLY;BYDAY=2TU", 20, "06:00", Duration.ofHours(2));
        assertThat(late.nextOpening(at(BERLIN, "2026-01-20T00:00"))).contains(at(BERLIN, "2026-02-02T06:00"));
        MaintenanceWindow before = window(BERLIN, "FREQ=MONTHLY;BYDAY=2TU", -3, "06:00", Duration.ofHours(2));
        assertThat(before.nextOpening(at(BERLIN, "2026-02-01T00:00"))).contains(at(BERLIN, "2026-02-07T06:00"));
    }

    @Test
    void lastSaturdayOfMarchInBerlinSpansSpringForward() {
        // 29 March 2026 02:00 CET the clocks go to 03:00 CEST: six elapsed hours end at
        // 05:00 on the wall clock.
        MaintenanceWindow w = window(BERLIN, "FREQ=MONTHLY;BYDAY=-1SA", 0, "22:00", Duration.ofHours(6));
        MaintenanceWindow.Opening march = w.openings(at(BERLIN, "2026-03-28T00:00"), at(BERLIN, "2026-03-30T00:00"))
            .get(0);
        assertThat(march.start()).isEqualTo(at(BERLIN, "2026-03-28T22:00"));
        assertThat(march.end()).isEqualTo(at(BERLIN, "2026-03-29T05:00"));
        assertThat(Duration.between(march.start(), march.end())).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void lastSaturdayOfOctoberInNewYorkSpansFallBack() {
        // 1 November 2026 02:00 EDT the clocks go back to 01:00 EST: six elapsed hours
        // end at 03:00 on the wall clock.
        MaintenanceWindow w = window(NEW_YORK, "FREQ=MONTHLY;BYDAY=-1SA", 0, "22:00", Duration.ofHours(6));
        MaintenanceWindow.Opening october = w
            .openings(at(NEW_YORK, "2026-10-31T00:00"), at(NEW_YORK, "2026-11-02T00:00"))
            .get(0);
        assertThat(october.start()).isEqualTo(at(NEW_YORK, "2026-10-31T22:00"));
        assertThat(october.end())
            .isEqualTo(LocalDateTime.parse("2026-11-01T03:00").atZone(NEW_YORK).withLaterOffsetAtOverlap().toInstant());
        assertThat(w.isOpenAt(october.end().minusSeconds(1))).isTrue();
    }

    @Test
    void firstSaturdayOfMarchInNewYorkSpansSpringForwardAndKeepsItsLocalStartAfterwards() {
        MaintenanceWindow w = window(NEW_YORK, "FREQ=MONTHLY;BYDAY=1SA", 0, "22:00", Duration.ofHours(6));
        // 7 March 2026 is the first Saturday; DST starts 8 March at 02:00
        MaintenanceWindow.Opening march = w.nextOpening(at(NEW_YORK, "2026-03-01T00:00"))
            .flatMap(w::openingAt)
            .orElseThrow();
        assertThat(march.start()).isEqualTo(at(NEW_YORK, "2026-03-07T22:00"));
        assertThat(march.end()).isEqualTo(at(NEW_YORK, "2026-03-08T05:00"));
        // April's opening is at 22:00 EDT, i.e. an hour earlier in UTC than March's
        assertThat(w.nextOpening(at(NEW_YORK, "2026-03-09T00:00"))).contains(at(NEW_YORK, "2026-04-04T22:00"));
    }

    @Test
    void badRulesLengthsAndOffsetsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> window(BERLIN, "FREQ=MONTHLY;BYDAY=9XX", 0, "22:00", Duration.ofHours(1)))
            .hasMessageContaining("does not parse")
            .hasMessageContaining("XX");
        assertThatThrownBy(() -> window(BERLIN, "FREQ=YEARLY;BYMONTH=1", 0, "22:00", Duration.ofHours(1)))
            .hasMessageContaining("DAILY, WEEKLY or MONTHLY");
        assertThatThrownBy(() -> window(BERLIN, "FREQ=WEEKLY;BYDAY=SA;COUNT=3", 0, "22:00", Duration.ofHours(1)))
            .hasMessageContaining("does not end");
        assertThatThrownBy(() -> window(BERLIN, "FREQ=WEEKLY;BYDAY=SA", 0, "22:00", Duration.ZERO))
            .hasMessageContaining("more than zero minutes");
        assertThatThrownBy(() -> window(BERLIN, "FREQ=MONTHLY;BYDAY=2TU", 30, "22:00", Duration.ofHours(1)))
            .hasMessageContaining("between -27 and 27");
        assertThatThrownBy(() -> window(null, "FREQ=WEEKLY;BYDAY=SA", 0, "22:00", Duration.ofHours(1)))
            .hasMessageContaining("time zone");
    }

    @Test
    void rulesAreStoredInTheirCanonicalSpelling() {
        assertThat(window(BERLIN, "rrule:freq=monthly;byday=2tu", 4, "22:00", Duration.ofHours(4)).recurrence())
            .isEqualTo("FREQ=MONTHLY;BYDAY=2TU");
    }

}
