package io.patchflow.modeling;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A BPMN or DMN file as a plain tree of elements, for the diff. A draft is untrusted
 * input that has not been validated yet, so no DOCTYPE, no external entities or schemas,
 * and the same nesting and size limits as the deploy-time rules: the diff walks the tree
 * recursively.
 */
final class XmlTree {

    static final int MAX_DEPTH = 100;

    static final int MAX_ELEMENTS = 100_000;

    static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    record Attribute(String namespace, String localName, String qName, String value) {
    }

    static final class Node {

        final String namespace;

        final String localName;

        final String qName;

        final List<Attribute> attributes;

        final List<Node> children = new ArrayList<>();

        private final StringBuilder text = new StringBuilder();

        Node(String namespace, String localName, String qName, List<Attribute> attributes) {
            this.namespace = namespace;
            this.localName = localName;
            this.qName = qName;
            this.attributes = attributes;
        }

        /** An unqualified attribute (ids, names, references are unqualified). */
        String attribute(String name) {
            for (Attribute attribute : attributes) {
                if (attribute.namespace().isEmpty() && attribute.localName().equals(name)) {
                    return attribute.value();
                }
            }
            return null;
        }

        /** The text content, whitespace collapsed: indentation is not a change. */
        String text() {
            return normalise(text);
        }

        Node child(String localName) {
            for (Node child : children) {
                if (child.localName.equals(localName)) {
                    return child;
                }
            }
            return null;
        }

        String prefix() {
            int colon = qName.indexOf(':');
            return colon < 0 ? "" : qName.substring(0, colon);
        }

    }

    private XmlTree() {
    }

    static String normalise(CharSequence text) {
        return WHITESPACE.matcher(text.toString().strip()).replaceAll(" ");
    }

    /**
     * @throws IllegalArgumentException naming the file and the line when the file is not
     * well-formed, declares a DOCTYPE or goes past a limit
     */
    static Node parse(ModelFile file) {
        SAXParser parser = hardenedParser();
        try {
            Handler handler = new Handler();
            parser.parse(new InputSource(new ByteArrayInputStream(file.content())), handler);
            if (handler.root == null) {
                throw new IllegalArgumentException(file.name() + ": the file has no root element");
            }
            return handler.root;
        }
        catch (SAXParseException e) {
            throw new IllegalArgumentException(
                    file.name() + ": not well-formed XML at line " + e.getLineNumber() + ": " + reason(e), e);
        }
        catch (SAXException | IOException e) {
            throw new IllegalArgumentException(file.name() + ": cannot be read as XML: " + e.getMessage(), e);
        }
    }

    /**
     * The JDK's own parser, whatever else is on the class path, so that every feature
     * below is known to be honoured.
     */
    private static SAXParser hardenedParser() {
        try {
            SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            SAXParser parser = factory.newSAXParser();
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return parser;
        }
        catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the XML parser cannot be configured safely: " + e.getMessage(), e);
        }
    }

    private static String reason(SAXParseException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("DOCTYPE")) {
            return "a model file may not declare a DOCTYPE (DTDs and entities are refused)";
        }
        return message;
    }

    private static final class Handler extends DefaultHandler {

        private final Deque<Node> open = new ArrayDeque<>();

        private Locator locator;

        private Node root;

        private int elements;

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            if (open.size() >= MAX_DEPTH) {
                throw tooLarge("elements nest more than " + MAX_DEPTH + " levels deep; no model needs that many");
            }
            if (++elements > MAX_ELEMENTS) {
                throw tooLarge("the file has more than " + MAX_ELEMENTS + " elements; split the model");
            }
            List<Attribute> list = new ArrayList<>(attributes.getLength());
            for (int i = 0; i < attributes.getLength(); i++) {
                list.add(new Attribute(attributes.getURI(i), attributes.getLocalName(i), attributes.getQName(i),
                        attributes.getValue(i)));
            }
            Node node = new Node(uri, localName, qName, list);
            Node parent = open.peek();
            if (parent == null) {
                root = node;
            }
            else {
                parent.children.add(node);
            }
            open.push(node);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            open.pop();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (!open.isEmpty()) {
                open.peek().text.append(ch, start, length);
            }
        }

        private SAXParseException tooLarge(String message) {
            return new SAXParseException(message, locator);
        }

    }

}
