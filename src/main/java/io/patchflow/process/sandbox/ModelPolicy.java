package io.patchflow.process.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;

import io.patchflow.inbox.FormValidator;

/**
 * What a model file may contain, checked before the engine parses it. A model is code:
 * whatever reaches the engine runs with the server's rights. So a BPMN model calls
 * Patchflow's delegates by {@code camunda:delegateExpression} and reads process
 * variables; it names no Java class, holds no script, no connector, no field injection
 * and no external task; its expressions pass {@link ExpressionRules}. A decision table is
 * FEEL only. A form is one the server can check a submission against, conditions included
 * ({@code FormValidator.check}). Other files are PNG diagrams; anything else is refused.
 * A model file is complete in itself: it names no schema location, imports nothing and
 * includes nothing from elsewhere, since the engine's parser would fetch it.
 *
 * <p>
 * The rules are the second line: {@link SandboxedExpressionManager} and a script engine
 * resolver that finds no engine refuse the same things when a model runs, however it
 * arrived.
 */
public final class ModelPolicy {

    static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";

    static final String XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";

    static final Set<String> XINCLUDE_NS = Set.of("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude");

    /**
     * The engine still reads Activiti's namespace as Camunda's (BpmnParse), so the rules
     * do too.
     */
    static final Set<String> EXTENSION_NS = Set.of(CAMUNDA_NS, "http://activiti.org/bpmn");

    private static final Set<String> FEEL = Set.of(DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE,
            DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE_DMN12,
            DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE_DMN13,
            DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE_DMN14,
            DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE_DMN15);

    /** Elements whose text is prose, never evaluated. */
    private static final Set<String> PROSE = Set.of("documentation", "text");

    private final ExpressionRules expressions;

    public ModelPolicy(ModelBeans beans) {
        this.expressions = new ExpressionRules(beans);
    }

    /** The largest model file accepted; Patchflow's own process is about 120 KB. */
    static final int MAX_BYTES = 2 * 1024 * 1024;

    /** Every reason to refuse this file; empty if it may be deployed. */
    public List<Finding> check(String resource, byte[] content) {
        if (content.length > MAX_BYTES) {
            return List.of(new Finding(resource, null, null, 0,
                    "the file is " + content.length + " bytes, more than the " + MAX_BYTES + " a model file may have"));
        }
        String name = resource == null ? "" : resource.toLowerCase(Locale.ROOT);
        if (name.endsWith(".bpmn") || name.endsWith(".bpmn20.xml")) {
            return checkXml(resource, content, true);
        }
        if (name.endsWith(".dmn") || name.endsWith(".dmn11.xml")) {
            return checkXml(resource, content, false);
        }
        if (name.endsWith(".form")) {
            return checkForm(resource, content);
        }
        if (name.endsWith(".png")) {
            return List.of();
        }
        if (name.endsWith(".cmmn") || name.endsWith(".cmmn10.xml") || name.endsWith(".cmmn11.xml")) {
            return List.of(new Finding(resource, null, null, 0,
                    "CMMN case models are refused: Patchflow runs BPMN processes, and a case model carries its own listeners and expressions"));
        }
        return List.of(new Finding(resource, null, null, 0,
                "only BPMN (.bpmn), DMN (.dmn), form (.form) and PNG diagram (.png) files may be deployed"));
    }

    /**
     * The server checks every completion against the task's form, conditions included
     * (ADR 0031); a form it could not judge as the browser does is refused here, not when
     * a person submits it.
     */
    private static List<Finding> checkForm(String resource, byte[] content) {
        try {
            FormValidator.check(new String(content, StandardCharsets.UTF_8));
            return List.of();
        }
        catch (IllegalStateException e) {
            return List.of(new Finding(resource, null, null, 0, e.getMessage()));
        }
    }

    private List<Finding> checkXml(String resource, byte[] content, boolean bpmn) {
        ModelXml.Node root;
        try {
            root = ModelXml.parse(content);
        }
        catch (ModelXml.ModelXmlException e) {
            return List.of(new Finding(resource, null, null, e.line, e.getMessage()));
        }
        return checkParsed(resource, root, bpmn);
    }

    /** The rules for a BPMN or DMN file that {@link ModelXml} has read. */
    List<Finding> checkParsed(String resource, ModelXml.Node root, boolean bpmn) {
        List<Finding> findings = new ArrayList<>();
        walk(resource, root, bpmn, findings);
        return findings.stream().distinct().toList();
    }

    private void walk(String resource, ModelXml.Node node, boolean bpmn, List<Finding> findings) {
        checkExternalResources(resource, node, findings);
        if (bpmn) {
            checkBpmnElement(resource, node, findings);
        }
        else {
            checkDmnElement(resource, node, findings);
        }
        for (ModelXml.Node child : node.children) {
            walk(resource, child, bpmn, findings);
        }
    }

    /**
     * A model is one self-contained file. XML can point elsewhere: a schema location, an
     * import, an XInclude. Patchflow's reader follows none of them, but the engine's
     * parser validates against the BPMN schema with external schemas allowed, and would
     * fetch a schema a hint names: a request from the server to wherever the file says,
     * or a file read from its disk. So these are refused before the engine reads the
     * file.
     */
    private static void checkExternalResources(String resource, ModelXml.Node node, List<Finding> findings) {
        for (ModelXml.Attribute attribute : node.attributes) {
            if (XSI_NS.equals(attribute.namespace()) && (attribute.localName().equals("schemaLocation")
                    || attribute.localName().equals("noNamespaceSchemaLocation"))) {
                findings.add(finding(resource, node,
                        "points to a schema outside the file (" + attribute.qName() + "=\"" + attribute.value()
                                + "\"); Patchflow loads nothing from outside a model file, so remove "
                                + attribute.qName()));
            }
        }
        if (XINCLUDE_NS.contains(node.namespace)) {
            findings.add(finding(resource, node, "includes content from outside the file (" + node.qName
                    + "); a model file must be complete in itself"));
        }
        else if (node.is(BPMN_NS, "import") && node.attribute("location") != null
                && !node.attribute("location").isBlank()) {
            findings.add(finding(resource, node, "imports " + node.attribute("location")
                    + " from outside the file; a model file must be complete in itself, so remove the import"));
        }
        else if (node.localName.equals("import") && isDmnNamespace(node.namespace)) {
            findings.add(finding(resource, node,
                    "imports "
                            + (node.attribute("locationURI") == null ? "another model" : node.attribute("locationURI"))
                            + "; a decision model must be complete in itself, so remove the import"));
        }
    }

    private static boolean isDmnNamespace(String namespace) {
        return namespace != null && (namespace.startsWith("http://www.omg.org/spec/DMN/")
                || namespace.startsWith("https://www.omg.org/spec/DMN/"));
    }

    private void checkBpmnElement(String resource, ModelXml.Node node, List<Finding> findings) {
        boolean camunda = EXTENSION_NS.contains(node.namespace);
        boolean scriptOfScriptTask = node.localName.equals("script") && node.parent != null
                && node.parent.localName.equals("scriptTask");
        if (node.localName.equals("scriptTask") || node.localName.equals("script") && !scriptOfScriptTask) {
            findings.add(finding(resource, node,
                    "is a script; scripts run code inside the server, so models call Patchflow's "
                            + "delegates with camunda:delegateExpression instead"));
        }
        if (camunda && node.localName.equals("connector")) {
            findings.add(finding(resource, node,
                    "uses a connector; a model reaches other systems only through Patchflow's delegates"));
        }
        if (camunda && node.localName.equals("field")) {
            findings.add(finding(resource, node, "injects the field '" + node.attribute("name")
                    + "' into a delegate; field " + "injection writes into Patchflow's own objects and is refused"));
        }
        if (camunda && node.localName.equals("constraint") && "validator".equals(node.attribute("name"))) {
            findings
                .add(finding(resource, node, "uses a custom form field validator, which is a Java class or a bean"));
        }
        for (ModelXml.Attribute attribute : node.attributes) {
            String local = attribute.localName();
            if (local.equals("class") || local.endsWith("Class")) {
                findings.add(finding(resource, node, "names the Java class " + attribute.value() + " in "
                        + attribute.qName() + "; models call Patchflow's delegates with camunda:delegateExpression"));
            }
            else if (local.equals("language") || local.equals("scriptFormat")) {
                findings.add(finding(resource, node, "has the script language '" + attribute.value() + "' ("
                        + attribute.qName() + "); conditions and mappings are expressions, not scripts"));
            }
            else if (EXTENSION_NS.contains(attribute.namespace()) && local.equals("resource")) {
                findings
                    .add(finding(resource, node, "loads a script from " + attribute.value() + "; scripts are refused"));
            }
            else if (EXTENSION_NS.contains(attribute.namespace()) && local.equals("type")
                    && "external".equals(attribute.value())) {
                findings.add(finding(resource, node,
                        "is an external task; its work would be completed through the engine REST "
                                + "API, outside Patchflow's checks"));
            }
            else if (local.equals("delegateExpression")) {
                expressions.checkDelegate(attribute.value())
                    .forEach(problem -> findings
                        .add(finding(resource, node, attribute.qName() + " " + attribute.value() + " " + problem)));
            }
            else if (ExpressionRules.isExpression(attribute.value())) {
                checkExpression(resource, node, attribute.qName(), attribute.value(), findings);
            }
        }
        // the element's own text, between its children too
        if (!PROSE.contains(node.localName) && ExpressionRules.isExpression(node.text())) {
            checkExpression(resource, node, node.qName, node.text(), findings);
        }
    }

    private void checkExpression(String resource, ModelXml.Node node, String where, String expression,
            List<Finding> findings) {
        for (String problem : expressions.check(expression)) {
            findings.add(finding(resource, node, where + " " + expression + " " + problem));
        }
    }

    private static void checkDmnElement(String resource, ModelXml.Node node, List<Finding> findings) {
        for (ModelXml.Attribute attribute : node.attributes) {
            if (attribute.localName().equals("expressionLanguage") && !isFeel(attribute.value())) {
                findings.add(finding(resource, node, "uses the expression language '" + attribute.value() + "' ("
                        + node.localName + "); Patchflow's decision tables use FEEL only, which cannot reach Java"));
            }
        }
    }

    private static boolean isFeel(String language) {
        return language != null && (FEEL.contains(language.strip()) || language.strip().equalsIgnoreCase("feel"));
    }

    private static Finding finding(String resource, ModelXml.Node node, String rule) {
        return Finding.at(resource, node, rule);
    }

}
