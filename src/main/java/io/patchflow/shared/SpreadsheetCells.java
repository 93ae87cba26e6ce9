package io.patchflow.shared;

/**
 * Cells of the CSV files Patchflow exports, made safe for spreadsheets (ADR 0038).
 */
public final class SpreadsheetCells {

    private SpreadsheetCells() {
    }

    /**
     * OWASP's defence against CSV injection: a cell that begins with {@code = + - @}, a
     * tab or a carriage return is prefixed with a single quote, so a spreadsheet shows it
     * as text instead of evaluating it. Anyone who can type a comment or a ticket title
     * can put text in an export; whoever opens it should not run it.
     */
    public static String guarded(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell : cell;
    }

}
