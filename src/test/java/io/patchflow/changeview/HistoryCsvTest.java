package io.patchflow.changeview;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import io.patchflow.audit.AuditEvent;

/**
 * The history export read back with Commons CSV, as a spreadsheet or a script would: what
 * went in comes out, commas, quotes and line breaks included, and nothing a spreadsheet
 * would run as a formula.
 */
class HistoryCsvTest {

    private static final OffsetDateTime T = OffsetDateTime.of(2026, 3, 1, 23, 30, 5, 0, ZoneOffset.ofHours(2));

    private static AuditEvent event(long id, String actor, String kind, String detail) {
        return new AuditEvent(id, "acme", 4L, T.plusMinutes(id), actor, kind, detail);
    }

    private static List<CSVRecord> parse(String csv) throws IOException {
        try (CSVParser parser = CSVParser.parse(new StringReader(csv),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            assertThat(parser.getHeaderNames()).containsExactly("time", "actor", "kind", "detail");
            return parser.getRecords();
        }
    }

    @Test
    void oneRowPerEventInOrderWithTheTimeInUtc() throws IOException {
        String csv = HistoryCsv.of(List.of(event(1, "alice", "CHANGE_SUBMITTED", "2 patches, 3 assets"),
                event(2, "bob", "DECISION_TECHNICAL_REVIEW", "approve: fine")));

        List<CSVRecord> rows = parse(csv);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("time")).isEqualTo("2026-03-01T21:31:05.000000Z");
        assertThat(rows.get(0).get("actor")).isEqualTo("alice");
        assertThat(rows.get(1).get("kind")).isEqualTo("DECISION_TECHNICAL_REVIEW");
        assertThat(rows.get(1).get("detail")).isEqualTo("approve: fine");
        assertThat(csv).startsWith("time,actor,kind,detail\r\n");
    }

    @Test
    void commasQuotesAndLineBreaksSurviveTheRoundTrip() throws IOException {
        String detail = "approve: \"looks fine\", but\nwatch db1,\r\nplease";
        List<CSVRecord> rows = parse(HistoryCsv.of(List.of(event(1, "o'brien, pat", "DECISION_CAB_VOTE", detail))));

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("actor")).isEqualTo("o'brien, pat");
        assertThat(rows.get(0).get("detail")).isEqualTo(detail);
    }

    @Test
    void aCellAFormulaCouldStartWithIsPrefixedWithAQuote() throws IOException {
        List<CSVRecord> rows = parse(HistoryCsv.of(List.of(event(1, "=cmd|' /C calc'!A0", "KIND", "+1+1"),
                event(2, "@SUM(A1)", "KIND", "-2+3"), event(3, "bob", "KIND", "\t=1"),
                event(4, "bob", "KIND", "approve = yes; -1 day"), event(5, "bob", "KIND", null))));

        assertThat(rows.get(0).get("actor")).isEqualTo("'=cmd|' /C calc'!A0");
        assertThat(rows.get(0).get("detail")).isEqualTo("'+1+1");
        assertThat(rows.get(1).get("actor")).isEqualTo("'@SUM(A1)");
        assertThat(rows.get(1).get("detail")).isEqualTo("'-2+3");
        assertThat(rows.get(2).get("detail")).isEqualTo("'\t=1");
        assertThat(rows.get(3).get("detail")).as("only the first character counts").isEqualTo("approve = yes; -1 day");
        assertThat(rows.get(4).get("detail")).as("no detail is an empty cell").isEmpty();
    }

    @Test
    void aTrailWithoutEventsIsTheHeaderAlone() throws IOException {
        assertThat(HistoryCsv.of(List.of())).isEqualTo("time,actor,kind,detail\r\n");
    }

}
