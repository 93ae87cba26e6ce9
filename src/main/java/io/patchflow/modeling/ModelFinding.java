package io.patchflow.modeling;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One reason a model cannot be published as it is: which file, which element, which line,
 * and what is wrong with what to do about it. The browser shows the same findings the
 * server refuses with.
 */
@JsonIgnoreProperties(value = "message", allowGetters = true)
public record ModelFinding(String resource, String elementId, String elementType, int line, String rule) {

    @JsonProperty("message")
    public String message() {
        return resource + (elementId == null ? "" : ", " + elementType + " " + elementId)
                + (line > 0 ? " (line " + line + ")" : "") + ": " + rule;
    }

}
