package io.patchflow.change;

import com.fasterxml.jackson.annotation.JsonValue;

import io.patchflow.shared.NotFoundException;

/**
 * A change's public id, {@code CHG-42}; also the business key of its process instance.
 */
public record ChangeId(long value) {

    private static final String PREFIX = "CHG-";

    public static ChangeId parse(String text) {
        String digits = text != null && text.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? text.substring(PREFIX.length()) : text;
        try {
            long value = Long.parseLong(digits);
            if (value > 0) {
                return new ChangeId(value);
            }
        }
        catch (NumberFormatException | NullPointerException e) {
            // fall through
        }
        throw new NotFoundException("no change " + text);
    }

    @JsonValue
    @Override
    public String toString() {
        return PREFIX + value;
    }
}
