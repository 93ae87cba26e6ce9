package io.patchflow.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import io.patchflow.modeling.DelegateCatalogue.Variable;
import io.patchflow.process.DelegateCatalogueAdapter.Entry;
import io.patchflow.testsupport.RepositoryFiles;

/**
 * Writes the generated part of docs/delegates.md from the delegate catalogue: an index,
 * then each delegate, listener and helper with what it does, its inputs, properties,
 * reads and writes, where a model may call it, and where the shipped models do. The
 * generated text stands between {@code <!-- generated from SOURCE -->} and
 * {@code <!-- end generated -->}, as in docs/process.md; the prose around it is written
 * by hand. DelegateDocumentTest fails when the file and the catalogue differ, and
 * rewrites it with {@code -Ddelegates.document.write=true}.
 */
final class DelegateDocument {

    static final Path FILE = RepositoryFiles.path("docs", "delegates.md");

    static final String REGENERATE = "mvn -B -o test -DskipFrontend=true -Dtest=DelegateDocumentTest -Ddelegates.document.write=true";

    private static final Pattern BLOCK = Pattern.compile(
            "^(<!-- generated from ([^\\n]+?) -->\\n)(.*?)^(<!-- end generated -->)$",
            Pattern.DOTALL | Pattern.MULTILINE);

    private static final Pattern BEAN = Pattern.compile("[$#]\\{\\s*([A-Za-z_]\\w*)");

    private static final List<String> MODELS = List.of("patch-change.bpmn", "patch-proposals.bpmn");

    private static final String NONE = "—";

    private DelegateDocument() {
    }

    static Map<String, String> sections(DelegateCatalogueAdapter catalogue) {
        Map<String, Set<String>> uses = usesInTheShippedModels();
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("the delegate catalogue: index", index(catalogue, uses));
        sections.put("the delegate catalogue: entries", entries(catalogue, uses));
        return sections;
    }

    /**
     * The document with each generated block replaced by its section; refuses unknown
     * blocks and sections without one.
     */
    static String render(String document, DelegateCatalogueAdapter catalogue) {
        Map<String, String> sections = sections(catalogue);
        Set<String> placed = new LinkedHashSet<>();
        Matcher matcher = BLOCK.matcher(document);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String key = matcher.group(2);
            if (!sections.containsKey(key)) {
                throw new IllegalStateException("docs/delegates.md has a generated block '" + key
                        + "' that DelegateDocument does not know; known are " + sections.keySet());
            }
            if (!placed.add(key)) {
                throw new IllegalStateException("docs/delegates.md has the generated block '" + key + "' twice");
            }
            matcher.appendReplacement(out,
                    Matcher.quoteReplacement(matcher.group(1) + sections.get(key) + matcher.group(4)));
        }
        matcher.appendTail(out);
        Set<String> missing = new LinkedHashSet<>(sections.keySet());
        missing.removeAll(placed);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("docs/delegates.md has no place for " + missing
                    + "; add <!-- generated from KEY --> and <!-- end generated --> where each belongs");
        }
        return out.toString();
    }

    static String read() {
        try {
            return Files.readString(FILE);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(String document) {
        try {
            Files.writeString(FILE, document);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- sections ---

    private static String index(DelegateCatalogueAdapter catalogue, Map<String, Set<String>> uses) {
        List<List<String>> rows = new ArrayList<>();
        for (Entry entry : catalogue.entries()) {
            rows.add(List.of("[`${" + entry.bean() + "}`](#" + entry.bean().toLowerCase() + ")", entry.kind(),
                    entry.actsOnChange() ? "the change" : NONE, processes(catalogue, entry),
                    String.valueOf(uses.getOrDefault(entry.bean(), Set.of()).size())));
        }
        return "The catalogue has " + catalogue.entries().size() + " entries: " + count(catalogue, "service task")
                + ", " + count(catalogue, "listener") + " and " + count(catalogue, "helper") + ".\n\n"
                + ProcessDocument.markdownTable(
                        List.of("Name", "Kind", "Acts on", "May be called in", "Calls in the shipped models"), rows);
    }

    private static String entries(DelegateCatalogueAdapter catalogue, Map<String, Set<String>> uses) {
        StringBuilder out = new StringBuilder();
        for (Entry entry : catalogue.entries()) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append("### ").append(entry.bean()).append("\n\n");
            out.append(entry.kind().equals(DelegateCatalogueAdapter.HELPER) ? "Helper"
                    : "`${" + entry.bean() + "}`, " + entry.kind());
            out.append(entry.actsOnChange() ? "; acts on the change whose id is the business key" : "");
            out.append("; may be called in ").append(processes(catalogue, entry)).append(".\n\n");
            out.append(escape(entry.summary())).append("\n\n");
            List<List<String>> rows = new ArrayList<>();
            rows(rows, "input", entry.inputs());
            rows(rows, "property", entry.properties());
            rows(rows, "reads", entry.reads());
            rows(rows, "writes", entry.writes());
            if (!rows.isEmpty()) {
                out.append(ProcessDocument.markdownTable(List.of("", "Name", "What it means"), rows)).append('\n');
            }
            Set<String> where = uses.getOrDefault(entry.bean(), Set.of());
            out.append("Called in the shipped models: ")
                .append(where.isEmpty() ? "nowhere"
                        : where.stream().map(w -> "`" + w + "`").collect(Collectors.joining(", ")))
                .append(".\n");
        }
        return out.toString();
    }

    private static void rows(List<List<String>> rows, String how, List<Variable> variables) {
        variables.forEach(v -> rows.add(List.of(how, "`" + v.name() + "`", escape(v.description()))));
    }

    private static String processes(DelegateCatalogueAdapter catalogue, Entry entry) {
        List<String> keys = catalogue.processesOf(entry);
        return keys.isEmpty() ? "any process" : keys.stream().map(k -> "`" + k + "`").collect(Collectors.joining(", "));
    }

    private static String count(DelegateCatalogueAdapter catalogue, String kind) {
        long n = catalogue.entries().stream().filter(e -> e.kind().equals(kind)).count();
        return n + " " + kind + (n == 1 ? "" : "s");
    }

    /** Text that markdown would take for HTML: {@code <type>}. */
    private static String escape(String text) {
        return text.replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * Bean name to where the shipped models call it: {@code patch-change.bpmn:
     * Task_AssessRisk}, from every expression in the files.
     */
    static Map<String, Set<String>> usesInTheShippedModels() {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (String file : MODELS) {
            ModelFile model = ModelFile.read(file);
            Element root;
            try {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(true);
                root = factory.newDocumentBuilder()
                    .parse(RepositoryFiles.path("bpmn", file).toFile())
                    .getDocumentElement();
            }
            catch (Exception e) {
                throw new IllegalStateException("cannot read bpmn/" + file, e);
            }
            collect(model, root, uses);
        }
        return uses;
    }

    private static void collect(ModelFile model, Element element, Map<String, Set<String>> uses) {
        List<String> texts = new ArrayList<>();
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            texts.add(((Attr) attributes.item(i)).getValue());
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                texts.add(child.getNodeValue());
            }
            else if (child instanceof Element e && !e.getLocalName().equals("documentation")) {
                collect(model, e, uses);
            }
        }
        for (String text : texts) {
            Matcher matcher = BEAN.matcher(text);
            while (matcher.find()) {
                uses.computeIfAbsent(matcher.group(1), b -> new TreeSet<>())
                    .add(model.fileName() + ": " + owner(model, element));
            }
        }
    }

    /** The id of the flow element an XML element belongs to. */
    private static String owner(ModelFile model, Element element) {
        for (Node n = element; n instanceof Element e; n = n.getParentNode()) {
            String id = e.getAttribute("id");
            if (!id.isEmpty() && model.model().getModelElementById(id) instanceof FlowElement) {
                return id;
            }
        }
        return model.process().getId();
    }

}
