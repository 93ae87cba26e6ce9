package io.patchflow.inventory;

import java.util.List;

import io.patchflow.shared.InvalidInputException;

/** A CSV import with at least one bad row; nothing was imported. */
public class ImportRejected extends InvalidInputException {

    /** {@code row} is the line of the file (the header is line 1). */
    public record RowError(long row, String field, String message) {
    }

    private final List<RowError> rows;

    public ImportRejected(List<RowError> errors) {
        super("file", errors.size() + " row error(s); nothing was imported. First: line " + errors.get(0).row() + ", "
                + errors.get(0).field() + ": " + errors.get(0).message(), errors);
        this.rows = List.copyOf(errors);
    }

    @Override
    public List<RowError> errors() {
        return rows;
    }

}
