package io.patchflow.shared;

/**
 * A system Patchflow depends on for this request (a customer's ticketing system) did not
 * answer or refused: answered 503 with the reason, so the caller may try again. Nothing
 * was changed.
 */
public class UnavailableException extends RuntimeException {

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

}
