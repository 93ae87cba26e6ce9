package io.patchflow.testsupport;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/**
 * A process instance by id that stays usable after the instance has ended, so
 * camunda-bpm-assert can check a finished change's history ({@code isEnded},
 * {@code hasPassed}).
 */
record ProcessRef(String id, String businessKey, RuntimeService runtime) implements ProcessInstance {

    @Override
    public String getId() {
        return id;
    }

    @Override
    public String getProcessInstanceId() {
        return id;
    }

    @Override
    public String getRootProcessInstanceId() {
        return id;
    }

    @Override
    public String getBusinessKey() {
        return businessKey;
    }

    @Override
    public boolean isEnded() {
        return runtime.createProcessInstanceQuery().processInstanceId(id).count() == 0;
    }

    @Override
    public boolean isSuspended() {
        return false;
    }

    @Override
    public String getProcessDefinitionId() {
        return null;
    }

    @Override
    public String getCaseInstanceId() {
        return null;
    }

    @Override
    public String getTenantId() {
        return null;
    }

    @Override
    public String getProcessDefinitionKey() {
        return null;
    }
}
