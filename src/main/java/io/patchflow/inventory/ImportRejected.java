package io.patchflow.inventory;

import java.util.List;

/** A CSV import with at least one bad row; nothing was imported. */
public class ImportRejected extends RuntimeException {

    /** {@code row} is the line of the file (the header is line 1). */
    public record RowError(long row, String field, String message) {
    }

    private final List<RowError> errors;

    public ImportRejected(List<RowError> errors) {
        super(errors.size() + " row error(s); nothing was imported. First: line " + errors.get(0).row() + ", "
                + errors.get(0).field() + ": " + errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    public List<RowError> errors() {
        return errors;
    }
}
