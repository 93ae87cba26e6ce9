package io.patchflow.servicedesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.patchflow.deployment.AssetState;
import io.patchflow.shared.InvalidInputException;

class AroundPeriodTest {

    private static final OffsetDateTime OPENED = OffsetDateTime.of(2026, 3, 10, 9, 30, 0, 0, ZoneOffset.UTC);

    @Test
    void byDefaultTheWeekBeforeTheTicketUpToTheDayAfterIt() {
        AroundPeriod period = AroundPeriod.of(null, "", OPENED, LocalDate.of(2026, 4, 1));

        assertThat(period).isEqualTo(new AroundPeriod(LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 11)));
        assertThat(period.start()).isEqualTo(OffsetDateTime.of(2026, 3, 3, 0, 0, 0, 0, ZoneOffset.UTC));
        assertThat(period.end()).isEqualTo(OffsetDateTime.of(2026, 3, 12, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void theDefaultEndsTodayForATicketOpenedToday() {
        assertThat(AroundPeriod.of(null, null, OPENED, LocalDate.of(2026, 3, 10)).to())
            .isEqualTo(LocalDate.of(2026, 3, 10));
    }

    @Test
    void aPeriodOf92DaysIsTheLongest() {
        assertThat(AroundPeriod.of("2026-01-01", "2026-04-02", OPENED, LocalDate.of(2026, 5, 1)).to())
            .isEqualTo(LocalDate.of(2026, 4, 2));
        assertThatThrownBy(() -> AroundPeriod.of("2026-01-01", "2026-04-03", OPENED, LocalDate.of(2026, 5, 1)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage("a period is at most 92 days; 2026-01-01 to 2026-04-03 is 93 days: choose a shorter one");
    }

    @Test
    void aPeriodThatEndsBeforeItStartsOrIsNoDateIsRefused() {
        assertThatThrownBy(() -> AroundPeriod.of("2026-03-05", "2026-03-01", OPENED, LocalDate.of(2026, 5, 1)))
            .hasMessage("the period ends (2026-03-01) before it starts (2026-03-05)");
        assertThatThrownBy(() -> AroundPeriod.of("yesterday", null, OPENED, LocalDate.of(2026, 5, 1)))
            .hasMessage("from is a date such as 2026-03-01, not \"yesterday\"");
    }

    @Test
    void resultsInTheServiceDesksWords() {
        assertThat(InstallResult.of(AssetState.SUCCEEDED).label()).isEqualTo("installed");
        assertThat(InstallResult.of(AssetState.VERIFY_FAILED).label()).isEqualTo("failed");
        assertThat(InstallResult.of(AssetState.ROLLED_BACK).label()).isEqualTo("rolled back");
        assertThat(InstallResult.of(AssetState.INSTALLING).label()).isEqualTo("in progress");
    }

}
