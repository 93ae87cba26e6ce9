package io.patchflow.shared;

/**
 * The caller may see the thing but may not do this to it (for example, approve their own
 * change).
 */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }

}
