package io.patchflow.process.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A model file as a tree of elements with their line numbers, for the deploy-time rules.
 * No DTDs and no external entities: a model is untrusted input. Nor more than
 * {@value #MAX_DEPTH} levels of nesting or {@value #MAX_ELEMENTS} elements: the rules
 * walk the tree, and the engine's parser after them, so a file built to exhaust either is
 * refused with a finding instead of failing the server.
 */
final class ModelXml {

    /** Deeper than any model a tool exports: Patchflow's own go 7 levels deep. */
    static final int MAX_DEPTH = 100;

    static final int MAX_ELEMENTS = 100_000;

    record Attribute(String namespace, String localName, String qName, String value) {
    }

    static final class Node {

        final String namespace;

        final String localName;

        final String qName;

        final List<Attribute> attributes;

        final int line;

        final Node parent;

        final List<Node> children = new ArrayList<>();

        final StringBuilder text = new StringBuilder();

        Node(String namespace, String localName, String qName, List<Attribute> attributes, int line, Node parent) {
            this.namespace = namespace;
            this.localName = localName;
            this.qName = qName;
            this.attributes = attributes;
            this.line = line;
            this.parent = parent;
        }

        String attribute(String localName) {
            return attributes.stream()
                .filter(a -> a.localName().equals(localName))
                .map(Attribute::value)
                .findFirst()
                .orElse(null);
        }

        /** An attribute in one of these namespaces (Camunda's, or Activiti's old one). */
        String attribute(Set<String> namespaces, String localName) {
            return attributes.stream()
                .filter(a -> a.localName().equals(localName) && namespaces.contains(a.namespace()))
                .map(Attribute::value)
                .findFirst()
                .orElse(null);
        }

        /** An attribute without a namespace, as BPMN's own attributes are written. */
        String plainAttribute(String localName) {
            return attributes.stream()
                .filter(a -> a.localName().equals(localName) && (a.namespace() == null || a.namespace().isEmpty()))
                .map(Attribute::value)
                .findFirst()
                .orElse(null);
        }

        boolean is(String namespace, String localName) {
            return this.localName.equals(localName) && namespace.equals(this.namespace);
        }

        /**
         * The id of this element or its nearest ancestor that has one: what a finding
         * names.
         */
        String elementId() {
            for (Node node = this; node != null; node = node.parent) {
                String id = node.attribute("id");
                if (id != null && !id.isBlank()) {
                    return id;
                }
            }
            return null;
        }

        /**
         * The nearest element with an id, for its type (serviceTask, sequenceFlow,
         * decision).
         */
        Node identified() {
            for (Node node = this; node != null; node = node.parent) {
                if (node.attribute("id") != null) {
                    return node;
                }
            }
            return this;
        }

        String text() {
            return text.toString().strip();
        }

    }

    private ModelXml() {
    }

    static Node parse(byte[] xml) throws ModelXmlException {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setXIncludeAware(false);
            Handler handler = new Handler();
            factory.newSAXParser().parse(new InputSource(new ByteArrayInputStream(xml)), handler);
            if (handler.root == null) {
                throw new ModelXmlException("the file has no root element", 1);
            }
            return handler.root;
        }
        catch (TooLarge e) {
            throw new ModelXmlException(e.getMessage(), e.line);
        }
        catch (SAXException e) {
            int line = e instanceof org.xml.sax.SAXParseException p ? p.getLineNumber() : 0;
            throw new ModelXmlException("the file is not well-formed XML: " + e.getMessage(), line);
        }
        catch (IOException | ParserConfigurationException e) {
            throw new ModelXmlException("the file cannot be read as XML: " + e.getMessage(), 0);
        }
    }

    static final class ModelXmlException extends Exception {

        final int line;

        ModelXmlException(String message, int line) {
            super(message);
            this.line = line;
        }

    }

    /** The file goes past a limit; stops the parse at once. */
    private static final class TooLarge extends SAXException {

        final int line;

        TooLarge(String message, int line) {
            super(message);
            this.line = line;
        }

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
        public void startElement(String uri, String localName, String qName, Attributes attributes) throws TooLarge {
            int line = locator == null ? 0 : locator.getLineNumber();
            if (open.size() >= MAX_DEPTH) {
                throw new TooLarge("the file nests elements more than " + MAX_DEPTH + " levels deep (" + qName
                        + " at line " + line + "); no model needs that many", line);
            }
            if (++elements > MAX_ELEMENTS) {
                throw new TooLarge("the file has more than " + MAX_ELEMENTS + " elements; split the model", line);
            }
            List<Attribute> list = new ArrayList<>(attributes.getLength());
            for (int i = 0; i < attributes.getLength(); i++) {
                list.add(new Attribute(attributes.getURI(i), attributes.getLocalName(i), attributes.getQName(i),
                        attributes.getValue(i)));
            }
            Node parent = open.peek();
            Node node = new Node(uri, localName, qName, list, locator == null ? 0 : locator.getLineNumber(), parent);
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

    }

}
