package io.patchflow.process.engineapi;

import java.util.ArrayList;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.audit.AuditTrail;
import io.patchflow.process.sandbox.ModelPolicyDeployer;

/**
 * What the engine REST API and the Camunda webapps may do (ADR 0022): an HTTP filter in
 * front of them and a command interceptor inside the engine, both with
 * {@link EngineApiRules}, and the gate that keeps them from deploying models.
 */
@Configuration
public class EngineApiProtection {

    private final EngineApiAudit audit;

    private final PlatformTransactionManager transactions;

    private final ObjectProvider<ProcessEngine> engine;

    EngineApiProtection(AuditTrail audit, PlatformTransactionManager transactions,
            ObjectProvider<ProcessEngine> engine) {
        this.audit = new EngineApiAudit(audit, engine::getObject);
        this.transactions = transactions;
        this.engine = engine;
    }

    /** Puts the guard first in both of the engine's command chains. */
    public void install(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPreCommandInterceptorsTxRequired() == null) {
            configuration.setCustomPreCommandInterceptorsTxRequired(new ArrayList<>());
        }
        if (configuration.getCustomPreCommandInterceptorsTxRequiresNew() == null) {
            configuration.setCustomPreCommandInterceptorsTxRequiresNew(new ArrayList<>());
        }
        // One instance per chain: an interceptor knows its chain's next link.
        configuration.getCustomPreCommandInterceptorsTxRequired()
            .add(0, new EngineApiGuard(audit, engine::getObject, transactions));
        configuration.getCustomPreCommandInterceptorsTxRequiresNew()
            .add(0, new EngineApiGuard(audit, engine::getObject, transactions));
    }

    /**
     * Models reach the engine only from Patchflow (the shipped models at start-up; later
     * the analysts' reviewed publication). A deployment through the engine REST API or
     * the webapps that passed the model rules is refused here, so none of them can
     * replace a process, a decision table or a form that changes run on.
     */
    public ModelPolicyDeployer.DeploymentGate deploymentGate() {
        return deployment -> {
            if (EngineApiOrigin.isEngineApiRequest()) {
                throw new AuthorizationException(
                        "models are not deployed through the engine REST API or the Camunda webapps: "
                                + "Patchflow publishes its own processes, decision tables and forms, so that no change can be routed "
                                + "around its approvals (docs/security.md)");
            }
        };
    }

    /**
     * Camunda Modeler's deployments become drafts for review (ADR 0053); before the
     * engine API's own rules, so a deployment never reaches Camunda.
     */
    @Bean
    FilterRegistrationBean<ModelerDeployments> modelerDeployments(io.patchflow.modeling.ModelerIntake intake,
            io.patchflow.security.CurrentActor actors, ObjectMapper json) {
        FilterRegistrationBean<ModelerDeployments> registration = new FilterRegistrationBean<>(
                new ModelerDeployments(intake, actors, audit, json));
        registration.addUrlPatterns(EngineApiOrigin.ENGINE_REST + "/*");
        registration.setOrder(99);
        return registration;
    }

    @Bean
    FilterRegistrationBean<EngineApiFilter> engineApiFilter(ObjectMapper json) {
        FilterRegistrationBean<EngineApiFilter> registration = new FilterRegistrationBean<>(
                new EngineApiFilter(audit, json, engine::getObject));
        registration.addUrlPatterns(EngineApiOrigin.ENGINE_REST + "/*", EngineApiOrigin.WEBAPPS + "/*");
        // After Spring Security (which signs the person in), before Camunda's own filters
        // (101).
        registration.setOrder(100);
        return registration;
    }

}
