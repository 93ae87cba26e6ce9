package io.patchflow.process;

import java.util.List;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.GetCamundaFormDefinitionCmd;
import org.camunda.bpm.engine.impl.form.CamundaFormRefImpl;
import org.springframework.stereotype.Component;

import io.patchflow.modeling.ModelFile;
import io.patchflow.modeling.ModelFinding;
import io.patchflow.modeling.ModelValidator;
import io.patchflow.process.sandbox.ModelBeans;
import io.patchflow.process.sandbox.ModelValidation;

/**
 * The server's authoritative validation of models (ADR 0049), next to the engine it asks:
 * {@link ModelValidation}'s rules, the engine's own parse without deploying, references
 * resolved against the files and what is deployed. Only reads, so it may run on any
 * thread, one serving the engine REST API included.
 */
@Component
class ModelValidationAdapter implements ModelValidator {

    private final ModelValidation validation;

    ModelValidationAdapter(ProcessEngine engine, ModelBeans beans) {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine
            .getProcessEngineConfiguration();
        this.validation = new ModelValidation(beans, configuration,
                new Deployed(engine.getRepositoryService(), configuration));
    }

    @Override
    public List<ModelFinding> validate(List<ModelFile> files) {
        List<ModelFinding> findings = new java.util.ArrayList<>(validation.validate(files)
            .stream()
            .map(f -> new ModelFinding(f.resource(), f.elementId(), f.elementType(), f.line(), f.rule()))
            .toList());
        for (ModelFile file : files) {
            boolean clean = findings.stream().noneMatch(f -> file.name().equals(f.resource()));
            if (clean && file.kind() == ModelFile.Kind.DMN) {
                findings.addAll(feel(file));
            }
        }
        return List.copyOf(findings);
    }

    /**
     * A published table is evaluated at every assessment: it keeps to the FEEL the impact
     * preview evaluates (ADR 0051), so that no expression can stall or exhaust the server
     * on every change (a self-doubling context, a range of ten million, a huge decimal).
     */
    private static List<ModelFinding> feel(ModelFile file) {
        org.camunda.bpm.model.dmn.DmnModelInstance model;
        try {
            model = org.camunda.bpm.model.dmn.Dmn.readModelFromStream(new java.io.ByteArrayInputStream(file.content()));
        }
        catch (RuntimeException e) {
            return List.of(); // the engine's parse reported it already
        }
        List<ModelFinding> findings = new java.util.ArrayList<>();
        for (org.camunda.bpm.model.dmn.instance.Text text : model
            .getModelElementsByType(org.camunda.bpm.model.dmn.instance.Text.class)) {
            org.camunda.bpm.model.xml.instance.ModelElementInstance parent = text.getParentElement();
            String type = parent == null ? "text" : parent.getElementType().getTypeName();
            if (type.equals("annotationEntry") || type.equals("textAnnotation")) {
                continue;
            }
            String problem = DraftFeel.problem(text.getTextContent());
            if (problem != null) {
                findings.add(new ModelFinding(file.name(), parent == null ? null : parent.getAttributeValue("id"), type,
                        0,
                        "the expression " + text.getTextContent().strip() + " " + problem
                                + "; decision tables keep to plain comparisons, ranges, lists and arithmetic, which "
                                + "every assessment can evaluate quickly"));
            }
        }
        return findings;
    }

    /**
     * Deployed definitions without a tenant, as Patchflow publishes them; forms as the
     * engine resolves {@code formRefBinding="latest"} (it has no query for forms).
     */
    private record Deployed(RepositoryService repository,
            ProcessEngineConfigurationImpl configuration) implements ModelValidation.Deployed {

        @Override
        public boolean form(String id) {
            try {
                return configuration.getCommandExecutorTxRequired()
                    .execute(new GetCamundaFormDefinitionCmd(new CamundaFormRefImpl(id, "latest"), null)) != null;
            }
            catch (ProcessEngineException e) {
                // several tenants' forms of that id: the task would not find its form
                // either
                return false;
            }
        }

        @Override
        public boolean decision(String key) {
            return repository.createDecisionDefinitionQuery().decisionDefinitionKey(key).withoutTenantId().count() > 0;
        }

        @Override
        public boolean process(String key) {
            return repository.createProcessDefinitionQuery().processDefinitionKey(key).withoutTenantId().count() > 0;
        }

    }

}
