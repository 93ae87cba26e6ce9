package io.patchflow.shared;

import java.util.List;

/**
 * Bad input, named by the field it came in; nothing was changed. {@code errors} lists the
 * problems one by one where there are several (the rows of a rejected file), for the
 * API's answer.
 */
public class InvalidInputException extends RuntimeException {

    private final String field;

    private final List<?> errors;

    public InvalidInputException(String field, String message) {
        this(field, message, List.of());
    }

    protected InvalidInputException(String field, String message, List<?> errors) {
        super(message);
        this.field = field;
        this.errors = List.copyOf(errors);
    }

    public String field() {
        return field;
    }

    public List<?> errors() {
        return errors;
    }

}
