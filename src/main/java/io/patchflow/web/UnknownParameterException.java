package io.patchflow.web;

import java.util.List;
import java.util.Set;

import io.patchflow.shared.InvalidInputException;

/**
 * A query parameter the endpoint does not take; the answer names it and lists the ones it
 * does take.
 */
final class UnknownParameterException extends InvalidInputException {

    private final List<String> supported;

    UnknownParameterException(String name, String endpoint, Set<String> supported) {
        super(name, "unknown query parameter '" + name + "': " + endpoint
                + (supported.isEmpty() ? " takes no query parameters" : " takes " + String.join(", ", supported))
                + "; nothing was done");
        this.supported = List.copyOf(supported);
    }

    List<String> supported() {
        return supported;
    }

}
