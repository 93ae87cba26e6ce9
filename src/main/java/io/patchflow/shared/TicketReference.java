package io.patchflow.shared;

import java.util.regex.Pattern;

/**
 * The form of a ticket reference, as a person types it: checked where it comes in (a
 * submitted change, a ticket link) before anything is written, whichever ticketing system
 * it will name.
 */
public final class TicketReference {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._#:/-]{0,99}");

    private TicketReference() {
    }

    /**
     * @throws InvalidInputException naming {@code field} when the reference has another
     * form
     */
    public static void check(String field, String reference) {
        if (reference == null || !FORM.matcher(reference).matches()) {
            throw new InvalidInputException(field,
                    "a ticket reference is 1 to 100 letters, digits or . _ # : / - and starts with a letter or digit");
        }
    }

}
