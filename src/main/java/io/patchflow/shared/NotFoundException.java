package io.patchflow.shared;

/**
 * The thing does not exist, or the caller may not see it (the two look the same from
 * outside).
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }

}
