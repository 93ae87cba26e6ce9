package io.patchflow.servicedesk;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import io.patchflow.shared.InvalidInputException;

/**
 * The days (UTC, both included) in which "changes around a ticket" looks for installs.
 *
 * <p>
 * Without dates: the 7 days before the ticket was opened up to the day after it, and not
 * beyond today. The question is what broke something, so the cause comes before the
 * ticket; the day after covers a ticket opened while a rollout was still going on.
 * Changes made later to answer the ticket are on the ticket page as its linked changes.
 */
record AroundPeriod(LocalDate from, LocalDate to) {

    static final int DAYS_BEFORE = 7;

    static final int DAYS_AFTER = 1;

    /** A longer period would be a report, not a look around a ticket. */
    static final int MAX_DAYS = 92;

    static AroundPeriod of(String from, String to, OffsetDateTime ticketOpened, LocalDate today) {
        LocalDate opened = ticketOpened.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
        LocalDate start = blank(from) ? opened.minusDays(DAYS_BEFORE) : date("from", from);
        LocalDate defaultEnd = opened.plusDays(DAYS_AFTER);
        LocalDate end = blank(to) ? (defaultEnd.isAfter(today) ? today : defaultEnd) : date("to", to);
        if (end.isBefore(start)) {
            throw new InvalidInputException("to", "the period ends (" + end + ") before it starts (" + start + ")");
        }
        long days = ChronoUnit.DAYS.between(start, end) + 1;
        if (days > MAX_DAYS) {
            throw new InvalidInputException("to", "a period is at most " + MAX_DAYS + " days; " + start + " to " + end
                    + " is " + days + " days: choose a shorter one");
        }
        return new AroundPeriod(start, end);
    }

    /** The first instant of the period. */
    OffsetDateTime start() {
        return from.atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    /** The first instant after the period. */
    OffsetDateTime end() {
        return to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value.strip());
        }
        catch (DateTimeParseException e) {
            throw new InvalidInputException(field, field + " is a date such as 2026-03-01, not " + quoted(value));
        }
    }

    private static String quoted(String value) {
        String v = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return "\"" + v + "\"";
    }

}
