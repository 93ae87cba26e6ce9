package io.patchflow.shared;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Where in a JSON document reading failed, for a message. Jackson gives no location for
 * some failures (a document nested deeper than its limit, a number or string longer than
 * its limit), so the location is optional.
 */
public final class JsonFaults {

    private JsonFaults() {
    }

    /** " at line L, column C", or "" when Jackson does not know. */
    public static String where(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr()
                + (location.getColumnNr() > 0 ? ", column " + location.getColumnNr() : "");
    }

}
