package io.patchflow.process.sandbox;

/**
 * One reason a model file is refused: which file, which element, which line, which rule.
 */
public record Finding(String resource, String elementId, String elementType, int line, String rule) {

    public String message() {
        return resource + (elementId == null ? "" : ", " + elementType + " " + elementId)
                + (line > 0 ? " (line " + line + ")" : "") + ": " + rule;
    }
}
