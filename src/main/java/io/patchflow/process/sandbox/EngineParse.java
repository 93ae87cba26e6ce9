package io.patchflow.process.sandbox;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.Problem;
import org.camunda.bpm.engine.ResourceReport;
import org.camunda.bpm.engine.impl.bpmn.deployer.BpmnDeployer;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParser;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;

/**
 * The engine reads a model as it would deploy it, and nothing is deployed (ADR 0049): its
 * own BPMN parser, with the sandboxed expression manager and every parse listener, on a
 * probe deployment that exists only here; the DMN engine's transform for a decision
 * model. Neither touches the database, the deployment lock or the engine's cache.
 *
 * <p>
 * Not an engine command: the parse needs the engine's configuration on the thread, which
 * is pushed and popped here. Validation also runs on threads serving the engine REST API
 * (the Camunda Modeler's deployment endpoint), where {@code EngineApiGuard} refuses every
 * command that is not a read.
 *
 * <p>
 * Internal API ({@code impl}); ModelValidationAdapterTest pins it on Camunda upgrades.
 */
final class EngineParse implements ModelValidation.EngineCheck {

    /**
     * Camunda's message codes ("ENGINE-09005 ", "DMN-02004 "), which say nothing to an
     * analyst.
     */
    private static final Pattern CODE = Pattern.compile("\\b(?:ENGINE|DMN|FEEL)-\\d+\\s*");

    /** Xerces' schema rule names ("cvc-complex-type.2.4.a: "). */
    private static final Pattern SCHEMA_RULE = Pattern.compile("\\bcvc-[\\w.-]+:\\s*");

    /**
     * How the DMN transform prints the element it refused:
     * {@code DmnDecisionTableRuleImpl{id='Rule_1', ...}}.
     */
    private static final Pattern ENGINE_OBJECT = Pattern.compile("\\w+Impl\\{id='([^']*)'[^}]*\\}");

    private static final Pattern TRANSFORMING = Pattern.compile("^\\s*Error while transforming [^:]+:\\s*");

    private static final Pattern WORD = Pattern.compile("[A-Za-z_][\\w.-]*");

    private final ProcessEngineConfigurationImpl configuration;

    EngineParse(ProcessEngineConfigurationImpl configuration) {
        this.configuration = configuration;
    }

    @Override
    public List<Finding> bpmn(String resource, byte[] content, ModelXml.Node root) {
        DeploymentEntity probe = new DeploymentEntity();
        // a new deployment: the engine reads isExecutable and enforces history time to
        // live as it does for a real one
        probe.setNew(true);
        probe.setId("validation");
        probe.setName("validation");
        Context.setProcessEngineConfiguration(configuration);
        try {
            parser().createParse()
                .sourceInputStream(new ByteArrayInputStream(content))
                .deployment(probe)
                .name(resource)
                .execute();
            return List.of();
        }
        catch (ParseException e) {
            Map<String, ModelXml.Node> ids = BpmnTree.ids(root);
            List<Finding> findings = new ArrayList<>();
            for (ResourceReport report : e.getResorceReports()) {
                for (Problem problem : report.getErrors()) {
                    findings.add(finding(resource, root, ids, problem.getMainElementId(), problem.getLine(),
                            problem.getMessage()));
                }
            }
            return findings.isEmpty() ? List.of(finding(resource, root, ids, null, 0, e.getMessage())) : findings;
        }
        catch (RuntimeException e) {
            return List.of(finding(resource, root, Map.of(), null, 0, messages(e)));
        }
        finally {
            Context.removeProcessEngineConfiguration();
        }
    }

    @Override
    public List<Finding> dmn(String resource, byte[] content, ModelXml.Node root) {
        // the engine's decision transform reads the history time to live through the
        // configuration on the thread
        Context.setProcessEngineConfiguration(configuration);
        try {
            configuration.getDmnEngine().parseDecisionRequirementsGraph(new ByteArrayInputStream(content));
            return List.of();
        }
        catch (RuntimeException e) {
            String message = ENGINE_OBJECT.matcher(messages(e)).replaceAll("$1");
            message = TRANSFORMING.matcher(CODE.matcher(message).replaceAll("")).replaceFirst("");
            // the transform names what it refused by id, within its sentence
            Map<String, ModelXml.Node> ids = BpmnTree.ids(root);
            Matcher word = WORD.matcher(message);
            String elementId = null;
            while (elementId == null && word.find()) {
                elementId = ids.containsKey(word.group()) ? word.group() : null;
            }
            return List.of(finding(resource, root, ids, elementId, 0, message));
        }
        finally {
            Context.removeProcessEngineConfiguration();
        }
    }

    private BpmnParser parser() {
        return configuration.getDeployers()
            .stream()
            .filter(BpmnDeployer.class::isInstance)
            .map(deployer -> ((BpmnDeployer) deployer).getBpmnParser())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the engine has no BPMN deployer"));
    }

    /**
     * The engine's problem in plain words, on the element it names or, for a schema
     * error, the element at its line.
     */
    private static Finding finding(String resource, ModelXml.Node root, Map<String, ModelXml.Node> ids,
            String elementId, int line, String message) {
        ModelXml.Node element = elementId == null ? null : ids.get(elementId);
        if (element == null && line > 0) {
            element = atLine(root, line);
        }
        String text = plain(message);
        boolean schema = message != null && SCHEMA_RULE.matcher(message).find();
        String rule = (schema ? "does not follow the "
                + (resource.toLowerCase(Locale.ROOT).contains(".dmn") ? "DMN" : "BPMN") + " schema: "
                : "the engine cannot run this: ") + text;
        if (element == null) {
            return new Finding(resource, elementId, elementId == null ? null : "element", line, rule);
        }
        ModelXml.Node identified = element.identified();
        return new Finding(resource, element.elementId(), identified.localName, line > 0 ? line : element.line, rule);
    }

    /** The deepest element whose start tag ends on this line. */
    private static ModelXml.Node atLine(ModelXml.Node root, int line) {
        ModelXml.Node found = null;
        for (ModelXml.Node node : BpmnTree.descendants(root)) {
            if (node.line == line) {
                found = node;
            }
        }
        return found;
    }

    static String plain(String message) {
        if (message == null || message.isBlank()) {
            return "the file cannot be read";
        }
        String text = SCHEMA_RULE.matcher(CODE.matcher(message).replaceAll("")).replaceAll("").strip();
        // the engine appends " | resource name | line n" to its summary
        int details = text.indexOf(" | ");
        return details > 0 ? text.substring(0, details).strip() : text;
    }

    private static String messages(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !text.toString().contains(t.getMessage())) {
                text.append(text.isEmpty() ? "" : ": ").append(t.getMessage());
            }
        }
        return text.toString();
    }

}
