package io.patchflow.cab;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import io.patchflow.shared.SpreadsheetCells;

/**
 * A meeting's minutes as CSV (RFC 4180, with a header row): one row per attendee, one per
 * vote of each agenda item's round and one with each item's outcome, told apart by
 * {@code row}. A cell a spreadsheet would take for a formula is defused as in the change
 * history export (ADR 0038).
 */
final class MinutesCsv {

    static final List<String> HEADER = List.of("meeting", "customer", "starts_at", "row", "change", "title", "person",
            "decision", "comment", "time", "recorded_by");

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(String[]::new)).get();

    private MinutesCsv() {
    }

    static String of(Minutes minutes) {
        CabMeeting meeting = minutes.meeting();
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, FORMAT)) {
            String id = Long.toString(meeting.id());
            String starts = time(meeting.startsAt());
            for (Attendee a : minutes.attendees()) {
                csv.printRecord(id, guarded(meeting.customerId()), starts, "attendee", "", "", guarded(a.username()),
                        "present", "", time(a.recordedAt()), guarded(a.recordedBy()));
            }
            for (Minutes.Item item : minutes.items()) {
                String change = item.changeId().toString();
                for (Minutes.Vote v : item.votes()) {
                    csv.printRecord(id, guarded(meeting.customerId()), starts, "vote", change, guarded(item.title()),
                            guarded(v.voter()), guarded(v.decision()), guarded(v.comment()), time(v.decidedAt()),
                            guarded(v.recordedBy()));
                }
                csv.printRecord(id, guarded(meeting.customerId()), starts, "outcome", change, guarded(item.title()), "",
                        guarded(item.outcome()),
                        item.seats() == null ? "" : "quorum " + item.quorum() + " of " + item.seats() + " seats", "",
                        "");
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static String time(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /** A cell as the export writes it ({@link SpreadsheetCells#guarded}). */
    static String guarded(String cell) {
        return cell == null ? "" : SpreadsheetCells.guarded(cell);
    }

}
