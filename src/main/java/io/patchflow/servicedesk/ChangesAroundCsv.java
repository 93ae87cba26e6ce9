package io.patchflow.servicedesk;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import io.patchflow.shared.SpreadsheetCells;

/**
 * The rows of "changes around a ticket" as CSV (RFC 4180), one per change, asset and
 * package, newest install first. Every text cell is defused for spreadsheets (ADR 0038):
 * change titles, host names and agents' details come from people and machines outside.
 * Times in UTC with six fractional digits, like the history export.
 */
final class ChangesAroundCsv {

    static final List<String> HEADER = List.of("change", "change_title", "change_status", "change_outcome", "asset",
            "named_in_ticket", "package", "version", "result", "install_started_at", "last_update_at", "detail");

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(String[]::new)).get();

    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().appendInstant(6).toFormatter();

    private ChangesAroundCsv() {
    }

    static String of(ChangesAround.Report report) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, FORMAT)) {
            for (ChangesAround.ChangeInstalls change : report.changes()) {
                for (ChangesAround.AssetInstall asset : change.assets()) {
                    for (ChangesAround.Package p : asset.packages()) {
                        csv.printRecord(change.id().toString(), cell(change.title()), change.status(),
                                change.outcome() == null ? "" : change.outcome(), cell(asset.hostname()),
                                asset.named() ? "yes" : "no", cell(p.name()), cell(p.version()), asset.result().label(),
                                time(asset.installedAt()), time(asset.endedAt()), cell(asset.detail()));
                    }
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static String cell(String text) {
        return SpreadsheetCells.guarded(text == null ? "" : text);
    }

    private static String time(OffsetDateTime at) {
        return at == null ? "" : TIME.format(at.toInstant());
    }

}
