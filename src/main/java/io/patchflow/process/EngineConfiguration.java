package io.patchflow.process;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.inbox.InboxIndex;
import io.patchflow.process.engineapi.EngineApiProtection;
import io.patchflow.process.identity.Directory;
import io.patchflow.process.identity.DirectoryIdentityProviderFactory;
import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchProposals;
import io.patchflow.process.sandbox.ModelBeans;
import io.patchflow.process.sandbox.Sandbox;
import io.patchflow.security.AppUser;
import io.patchflow.security.Role;
import io.patchflow.security.UserDirectory;

@Configuration
class EngineConfiguration {

    /**
     * Flyway creates the engine's tables (migration V1), so the engine must start after
     * Flyway; otherwise the engine finds no tables, or Flyway finds a non-empty schema it
     * does not own.
     */
    @Bean
    static BeanFactoryPostProcessor engineStartsAfterFlyway() {
        return beanFactory -> {
            for (String name : List.of("processEngineFactoryBean")) {
                if (beanFactory.containsBeanDefinition(name)
                        && beanFactory.containsBeanDefinition("flywayInitializer")) {
                    BeanDefinition engine = beanFactory.getBeanDefinition(name);
                    List<String> dependsOn = new ArrayList<>(
                            engine.getDependsOn() == null ? List.of() : Arrays.asList(engine.getDependsOn()));
                    dependsOn.add("flywayInitializer");
                    engine.setDependsOn(dependsOn.toArray(String[]::new));
                }
            }
        };
    }

    @Bean
    Directory engineDirectory(UserDirectory users, Customers customers) {
        return new Directory() {
            @Override
            public List<AppUser> users() {
                return users.all();
            }

            @Override
            public List<Customer> customers() {
                return customers.all();
            }
        };
    }

    /**
     * The model's allow-list (ADR 0008): every delegate and listener Patchflow defines in
     * this package and its delegate package, and the helpers below with the methods a
     * model may call. Bean names are read from the definitions without creating any bean:
     * the delegates need services that need the engine.
     */
    @Bean
    static ModelBeans modelBeans(ConfigurableListableBeanFactory beans) {
        Set<String> delegates = new TreeSet<>();
        for (Class<?> type : List.of(JavaDelegate.class, TaskListener.class, ExecutionListener.class)) {
            for (String name : beans.getBeanNamesForType(type, true, false)) {
                Class<?> declared = beans.getType(name, false);
                if (declared != null
                        && declared.getPackageName().startsWith(EngineConfiguration.class.getPackageName())) {
                    delegates.add(name);
                }
            }
        }
        Set<String> everyBean = new TreeSet<>(List.of(beans.getBeanDefinitionNames()));
        everyBean.addAll(List.of(beans.getSingletonNames()));
        return new ModelBeans(delegates, HELPERS, Set.of(PatchChange.PROCESS_KEY, PatchProposals.PROCESS_KEY),
                everyBean, beans::getBean);
    }

    /**
     * Helpers a model may call, with their methods: the proposal run's timer reads its
     * cycle.
     */
    static final Map<String, Set<String>> HELPERS = Map.of("proposalSettings", Set.of("cycle"));

    @Bean
    ProcessEnginePlugin patchflowEnginePlugin(Directory directory, ModelBeans modelBeans, EngineApiProtection engineApi,
            InboxIndex inboxIndex, ApplicationEventPublisher events) {
        return new AbstractProcessEnginePlugin() {
            @Override
            public void preInit(ProcessEngineConfigurationImpl configuration) {
                configuration.setIdentityProviderSessionFactory(new DirectoryIdentityProviderFactory(directory));
                configuration.setTenantIdProvider(new CustomerTenantIdProvider());
                configuration.setAdminGroups(new ArrayList<>(List.of(Role.ADMIN.groupId())));
                Sandbox.applyRuntime(configuration, modelBeans);
                Sandbox.applyDeploymentRules(configuration, modelBeans, engineApi.deploymentGate());
                engineApi.install(configuration);
                // Patchflow's own listeners on every user task (built-in: models neither
                // name
                // them nor can leave them out): the inbox's index, and who is told of a
                // task.
                List<BpmnParseListener> parseListeners = new ArrayList<>(
                        configuration.getCustomPostBPMNParseListeners() == null ? List.of()
                                : configuration.getCustomPostBPMNParseListeners());
                parseListeners.add(new OnEveryUserTask(InboxIndexListener.EVENTS, new InboxIndexListener(inboxIndex)));
                parseListeners
                    .add(new OnEveryUserTask(TaskAssignmentListener.EVENTS, new TaskAssignmentListener(events)));
                configuration.setCustomPostBPMNParseListeners(parseListeners);
            }
        };
    }

}
