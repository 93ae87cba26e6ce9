package io.patchflow.shared;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Dates and times as people type them into Patchflow's forms and API. */
public final class DateTimes {

    private DateTimes() {
    }

    /**
     * An instant written with an offset ({@code 2026-08-01T10:00+02:00}) or without one,
     * read as UTC ({@code 2026-08-01T08:00}); a 400 naming the field otherwise.
     */
    public static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "give a date and time, such as 2026-08-01T08:00Z");
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        }
        catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
            }
            catch (DateTimeParseException again) {
                throw new InvalidInputException(field,
                        "'" + value + "' is not a date and time such as 2026-08-01T08:00Z or 2026-08-01T10:00+02:00");
            }
        }
    }

    /**
     * An instant as Patchflow writes it to a timestamp column and compares it with one:
     * in UTC and cut to the microsecond the databases keep. Without the cut, H2 and
     * PostgreSQL round the nanoseconds, so a row written as due "now" could be stored a
     * microsecond later and not be due at that same "now".
     */
    public static OffsetDateTime column(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

}
