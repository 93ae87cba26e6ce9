package io.patchflow.process;

import java.util.List;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Refuses to deploy a model that would run code the server did not ship: script tasks, script
 * listeners, script conditions and {@code camunda:class}. Models call Spring beans by
 * {@code delegateExpression}, and no script engine is on the classpath anyway.
 */
class NoScriptsParseListener extends AbstractBpmnParseListener {

    private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";

    @Override
    public void parseRootElement(Element rootElement, List<ProcessDefinitionEntity> processDefinitions) {
        check(rootElement);
    }

    private static void check(Element element) {
        String tag = element.getTagName();
        String local = tag.contains(":") ? tag.substring(tag.indexOf(':') + 1) : tag;
        if (local.equals("scriptTask") || local.equals("script")) {
            throw refused(element, "a script");
        }
        if (element.attributeNS(new org.camunda.bpm.engine.impl.util.xml.Namespace(CAMUNDA_NS), "class") != null) {
            throw refused(element, "camunda:class");
        }
        if ((local.equals("conditionExpression") || local.equals("formalExpression")) && element.attribute("language") != null) {
            throw refused(element, "a script condition");
        }
        for (Element child : element.elements()) {
            check(child);
        }
    }

    private static ProcessEngineException refused(Element element, String what) {
        String id = element.attribute("id");
        return new ProcessEngineException("Patchflow models may not contain " + what + " (element " + element.getTagName()
                + (id == null ? "" : " id=" + id) + " at line " + element.getLine()
                + "); call a Spring bean with camunda:delegateExpression instead");
    }
}
