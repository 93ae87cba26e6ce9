package io.patchflow.shared;

/**
 * The request is well-formed but the thing is not in a state that allows it; nothing was
 * changed.
 */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }

}
