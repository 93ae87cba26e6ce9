package io.patchflow.process;

import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

/**
 * Reads the {@code camunda:properties} a model puts on its elements (the engine caches
 * parsed models).
 */
final class ModelProperties {

    private ModelProperties() {
    }

    static Map<String, String> of(BaseElement element) {
        Map<String, String> properties = new HashMap<>();
        if (element == null) {
            return properties;
        }
        ExtensionElements extensions = element.getExtensionElements();
        if (extensions == null) {
            return properties;
        }
        for (CamundaProperties group : extensions.getElementsQuery().filterByType(CamundaProperties.class).list()) {
            for (CamundaProperty property : group.getCamundaProperties()) {
                properties.put(property.getCamundaName(), property.getCamundaValue());
            }
        }
        return properties;
    }

    static Map<String, String> of(RepositoryService repository, String processDefinitionId, String elementId) {
        return of((BaseElement) repository.getBpmnModelInstance(processDefinitionId).getModelElementById(elementId));
    }

}
