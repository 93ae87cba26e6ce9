package io.patchflow.process.sandbox;

import java.util.ArrayList;

import javax.script.ScriptEngineManager;

import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.scripting.engine.DefaultScriptEngineResolver;

/**
 * Puts an engine configuration into the sandbox that ADR 0008 describes. The run-time
 * half holds for every model the engine ever runs, however it arrived; the deploy-time
 * half refuses what would fail there, with a finding that names the element.
 */
public final class Sandbox {

    /**
     * A class loader that offers no service files, so a ScriptEngineManager built on it
     * discovers nothing.
     */
    private static final ClassLoader NO_SCRIPT_ENGINES = new ClassLoader(null) {
    };

    private Sandbox() {
    }

    /** What any expression, script or decision evaluated by this engine can do. */
    public static void applyRuntime(ProcessEngineConfigurationImpl configuration, ModelBeans beans) {
        configuration.setBeans(beans.asEngineBeanMap());
        configuration.setExpressionManager(new SandboxedExpressionManager(beans));
        // JUEL and FEEL register themselves as JSR-223 script engines; the engine gets a
        // resolver that finds no script engine at all, so a script can never run.
        configuration
            .setScriptEngineResolver(new DefaultScriptEngineResolver(new ScriptEngineManager(NO_SCRIPT_ENGINES)));
        configuration.setJavaSerializationFormatEnabled(false);
        // Task filters and queries may carry expressions too; Patchflow's pages need
        // none.
        configuration.setEnableExpressionsInAdhocQueries(false);
        configuration.setEnableExpressionsInStoredQueries(false);
        // Decision tables evaluate FEEL unless an element names another language, which
        // the deploy-time rules refuse; FEEL has no access to Java (external functions
        // are off in Camunda's FEEL engine) and JUEL in a decision goes through the
        // sandboxed manager anyway.
        configuration.setDmnFeelEnableLegacyBehavior(false);
        DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration() != null
                ? configuration.getDmnEngineConfiguration()
                : (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
        dmn.setDefaultInputExpressionExpressionLanguage(DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE);
        dmn.setDefaultInputEntryExpressionLanguage(DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE);
        dmn.setDefaultOutputEntryExpressionLanguage(DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE);
        dmn.setDefaultLiteralExpressionLanguage(DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE);
        configuration.setDmnEngineConfiguration(dmn);
    }

    /** Refuses, before the engine parses them, models that break {@link ModelPolicy}. */
    public static void applyDeploymentRules(ProcessEngineConfigurationImpl configuration, ModelBeans beans,
            ModelPolicyDeployer.DeploymentGate gate) {
        if (configuration.getCustomPreDeployers() == null) {
            configuration.setCustomPreDeployers(new ArrayList<>());
        }
        configuration.getCustomPreDeployers().add(new ModelPolicyDeployer(new ModelPolicy(beans), gate));
    }

}
