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
        return validation.validate(files)
            .stream()
            .map(f -> new ModelFinding(f.resource(), f.elementId(), f.elementType(), f.line(), f.rule()))
            .toList();
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
