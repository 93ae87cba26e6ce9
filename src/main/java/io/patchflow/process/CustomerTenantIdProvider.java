package io.patchflow.process;

import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProvider;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProviderCaseInstanceContext;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProviderHistoricDecisionInstanceContext;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProviderProcessInstanceContext;

import io.patchflow.process.model.PatchChange;

/**
 * Each change's process instance belongs to the change's customer (the engine's tenant).
 * The engine's tenant check then keeps one customer's tasks out of another customer's
 * queries.
 */
class CustomerTenantIdProvider implements TenantIdProvider {

    @Override
    public String provideTenantIdForProcessInstance(TenantIdProviderProcessInstanceContext ctx) {
        Object customer = ctx.getVariables().get(PatchChange.VAR_CUSTOMER_ID);
        if (customer == null && ctx.getSuperExecution() != null) {
            return ctx.getSuperExecution().getTenantId();
        }
        return customer == null ? null : customer.toString();
    }

    @Override
    public String provideTenantIdForCaseInstance(TenantIdProviderCaseInstanceContext ctx) {
        return null;
    }

    @Override
    public String provideTenantIdForHistoricDecisionInstance(TenantIdProviderHistoricDecisionInstanceContext ctx) {
        return ctx.getExecution() == null ? null : ctx.getExecution().getTenantId();
    }

}
