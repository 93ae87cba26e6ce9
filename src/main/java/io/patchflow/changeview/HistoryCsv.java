package io.patchflow.changeview;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import io.patchflow.shared.SpreadsheetCells;
import io.patchflow.audit.AuditEvent;

/**
 * A change's audit trail as CSV (RFC 4180: comma, double quotes, CRLF), one row per
 * event, oldest first, with a header row. The trail already holds every decision
 * ({@code DECISION_*}, with the comment) and every completed task, so nothing else is
 * added. A cell that a spreadsheet would take for a formula is defused (ADR 0038). Times
 * are UTC with always six fractional digits, so that the column sorts the same as text (a
 * spreadsheet's sort) and as time.
 */
final class HistoryCsv {

    static final List<String> HEADER = List.of("time", "actor", "kind", "detail");

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(String[]::new)).get();

    /**
     * ISO-8601 in UTC, microseconds always written: {@code 2026-12-07T21:34:31.840000Z}.
     */
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().appendInstant(6).toFormatter();

    private HistoryCsv() {
    }

    static String of(List<AuditEvent> events) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, FORMAT)) {
            for (AuditEvent e : events) {
                csv.printRecord(TIME.format(e.occurredAt()), guarded(e.actor()), guarded(e.kind()),
                        guarded(e.detail()));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** A cell as the export writes it ({@link SpreadsheetCells#guarded}). */
    static String guarded(String cell) {
        return SpreadsheetCells.guarded(cell);
    }

}
