package io.patchflow.shared;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

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

}
