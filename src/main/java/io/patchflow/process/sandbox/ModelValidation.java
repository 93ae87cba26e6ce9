package io.patchflow.process.sandbox;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.modeling.ModelFile;

/**
 * The server's check of a set of model files before they are reviewed or published (ADR
 * 0049), in this order per file: {@link ModelPolicy} (safe XML within the limits, the
 * sandbox's rules, nothing from outside the file); the engine's own parse, only for a
 * file the policy found safe; then rules the engine does not know: modelling rules
 * ({@link BpmnLint}), history time to live, references between the files and to what is
 * deployed ({@link References}), four eyes on approvals ({@link FourEyesRule}) and the
 * route to them ({@link ApprovalRoute}), delegates only in Patchflow's processes
 * ({@link DelegateScope}) and what the Java code addresses ({@link CodeContract}). Every
 * rule reports; none stops the others, so one round shows everything to fix. Nothing is
 * deployed and nothing is written.
 */
public final class ModelValidation {

    /** What the engine has deployed, by the names a model refers to. Reads only. */
    public interface Deployed {

        boolean form(String id);

        boolean decision(String key);

        boolean process(String key);

    }

    /** The engine's reading of a file ({@link EngineParse}); empty if it reads it. */
    interface EngineCheck {

        List<Finding> bpmn(String resource, byte[] content, ModelXml.Node root);

        List<Finding> dmn(String resource, byte[] content, ModelXml.Node root);

    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelPolicy policy;

    private final ModelBeans beans;

    private final ExpressionRules expressions;

    private final EngineCheck engine;

    private final Deployed deployed;

    public ModelValidation(ModelBeans beans, ProcessEngineConfigurationImpl configuration, Deployed deployed) {
        this(beans, new EngineParse(configuration), deployed);
    }

    ModelValidation(ModelBeans beans, EngineCheck engine, Deployed deployed) {
        this.policy = new ModelPolicy(beans);
        this.beans = beans;
        this.expressions = new ExpressionRules(beans);
        this.engine = engine;
        this.deployed = deployed;
    }

    /** A file as read: its XML tree if it is a BPMN or DMN file that could be read. */
    private record Read(ModelFile file, ModelXml.Node root, List<Finding> policy) {
    }

    public List<Finding> validate(List<ModelFile> files) {
        List<Finding> findings = new ArrayList<>();
        List<Read> read = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ModelFile file : files) {
            if (!names.add(file.name())) {
                findings.add(new Finding(file.name(), null, null, 0,
                        "two files have this name; a model file's name is its identity, so keep one"));
                continue;
            }
            read.add(read(file));
        }
        References.Given given = given(read);
        for (Read file : read) {
            findings.addAll(file.policy());
            if (file.root() != null) {
                findings.addAll(rules(file, given));
            }
            else if (file.file().kind() == ModelFile.Kind.FORM && file.policy().isEmpty()
                    && formId(file.file()) == null) {
                findings.add(new Finding(file.file().name(), null, null, 0,
                        "the form has no \"id\"; give it one, since a task's camunda:formRef names the form by it"));
            }
        }
        return findings.stream().distinct().toList();
    }

    private Read read(ModelFile file) {
        byte[] content = file.content();
        ModelFile.Kind kind = file.kind();
        if ((kind != ModelFile.Kind.BPMN && kind != ModelFile.Kind.DMN) || content.length > ModelPolicy.MAX_BYTES) {
            return new Read(file, null, policy.check(file.name(), content));
        }
        try {
            ModelXml.Node root = ModelXml.parse(content);
            return new Read(file, root, policy.checkParsed(file.name(), root, kind == ModelFile.Kind.BPMN));
        }
        catch (ModelXml.ModelXmlException e) {
            return new Read(file, null, List.of(new Finding(file.name(), null, null, e.line, e.getMessage())));
        }
    }

    private List<Finding> rules(Read file, References.Given given) {
        String resource = file.file().name();
        ModelXml.Node root = file.root();
        boolean bpmn = file.file().kind() == ModelFile.Kind.BPMN;
        List<Finding> own = new ArrayList<>();
        if (bpmn) {
            own.addAll(HistoryTimeToLive.bpmn(resource, root));
            own.addAll(BpmnLint.check(resource, root));
            own.addAll(References.check(resource, root, given, deployed));
            own.addAll(FourEyesRule.check(resource, root));
            own.addAll(ApprovalRoute.check(resource, root));
            own.addAll(DelegateScope.check(resource, root, beans, expressions));
            own.addAll(CodeContract.bpmn(resource, root));
        }
        else {
            own.addAll(HistoryTimeToLive.dmn(resource, root));
            own.addAll(CodeContract.dmn(resource, root));
        }
        List<Finding> findings = new ArrayList<>();
        // The engine reads only what the policy found safe: a file that names an outside
        // schema would make the engine's validating parser fetch it.
        if (file.policy().isEmpty()) {
            // the engine's own complaint about a missing history time to live is said
            // better by the rule above
            boolean historyReported = own.stream().anyMatch(f -> f.rule().contains("historyTimeToLive"));
            byte[] content = file.file().content();
            List<Finding> parsed = bpmn ? engine.bpmn(resource, content, root) : engine.dmn(resource, content, root);
            parsed.stream()
                .filter(f -> !(historyReported && HistoryTimeToLive.isAbout(f.rule())))
                .forEach(findings::add);
        }
        findings.addAll(own);
        return findings;
    }

    /** The forms, decisions and processes the files define, for references among them. */
    private static References.Given given(List<Read> files) {
        Set<String> forms = new HashSet<>();
        Set<String> decisions = new HashSet<>();
        Set<String> processes = new HashSet<>();
        for (Read file : files) {
            switch (file.file().kind()) {
                case FORM -> {
                    String id = formId(file.file());
                    if (id != null) {
                        forms.add(id);
                    }
                }
                case DMN -> {
                    if (file.root() != null) {
                        BpmnTree.children(file.root(), c -> c.localName.equals("decision"))
                            .forEach(d -> decisions.add(d.attribute("id")));
                    }
                }
                case BPMN -> {
                    if (file.root() != null) {
                        BpmnTree.executableProcesses(file.root()).forEach(p -> processes.add(p.attribute("id")));
                    }
                }
                default -> {
                }
            }
        }
        return new References.Given(forms, decisions, processes);
    }

    private static String formId(ModelFile form) {
        try {
            JsonNode id = JSON.readTree(form.content()).path("id");
            return id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
        }
        catch (IOException e) {
            return null;
        }
    }

    static boolean isCamunda(ModelXml.Node node) {
        return ModelPolicy.EXTENSION_NS.contains(node.namespace);
    }

}
