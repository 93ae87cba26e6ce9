package io.patchflow.process;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * A decision element of a DMN model as text that two equal decisions share, however their
 * files were written: namespaces instead of prefixes, attributes in one order, no
 * whitespace between elements, every value length-prefixed. The impact preview evaluates
 * a draft's table that equals the deployed one as the deployed one, from its cache (ADR
 * 0051).
 */
final class DecisionText {

    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";

    private DecisionText() {
    }

    /** The decision of this key in canonical form, or null if the model has none. */
    static String of(DmnModelInstance model, String key) {
        Node document = model.getDocument().getDomSource().getNode();
        Element root = document instanceof org.w3c.dom.Document d ? d.getDocumentElement() : (Element) document;
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && "decision".equals(element.getLocalName())
                    && key.equals(element.getAttribute("id"))) {
                StringBuilder text = new StringBuilder();
                write(element, text);
                return text.toString();
            }
        }
        return null;
    }

    private static void write(Element element, StringBuilder text) {
        text.append('<');
        value(element.getNamespaceURI() + " " + element.getLocalName(), text);
        NamedNodeMap attributes = element.getAttributes();
        List<Attr> sorted = new ArrayList<>();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (!XMLNS.equals(attribute.getNamespaceURI())) {
                sorted.add(attribute);
            }
        }
        sorted.sort(Comparator.comparing(DecisionText::name));
        for (Attr attribute : sorted) {
            text.append(' ');
            value(name(attribute), text);
            value(attribute.getValue(), text);
        }
        text.append('>');
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element nested) {
                write(nested, text);
            }
            else if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                String content = child.getNodeValue();
                if (!content.isBlank()) {
                    value(content, text);
                }
            }
        }
        text.append("</>");
    }

    private static String name(Attr attribute) {
        String local = attribute.getLocalName() == null ? attribute.getName() : attribute.getLocalName();
        return attribute.getNamespaceURI() == null ? local : attribute.getNamespaceURI() + " " + local;
    }

    private static void value(String value, StringBuilder text) {
        text.append(value.length()).append(':').append(value);
    }

}
