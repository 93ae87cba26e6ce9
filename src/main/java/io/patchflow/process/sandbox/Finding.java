package io.patchflow.process.sandbox;

/**
 * One reason a model file is refused: which file, which element, which line, which rule.
 */
public record Finding(String resource, String elementId, String elementType, int line, String rule) {

    public String message() {
        return resource + (elementId == null ? "" : ", " + elementType + " " + elementId)
                + (line > 0 ? " (line " + line + ")" : "") + ": " + rule;
    }

    /**
     * A finding on this element, named by its id or, for an element without one (a
     * listener, a property), by its nearest ancestor's.
     */
    static Finding at(String resource, ModelXml.Node node, String rule) {
        ModelXml.Node identified = node.identified();
        return new Finding(resource, node.elementId(), identified.localName, node.line, rule);
    }

}
