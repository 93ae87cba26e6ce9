package io.patchflow.process;


import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.script.ScriptEngineManager;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.scripting.engine.DefaultScriptEngineResolver;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.PasswordEncoder;

import io.patchflow.customer.Customer;
import io.patchflow.customer.CustomerRepository;
import io.patchflow.process.identity.Directory;
import io.patchflow.process.identity.DirectoryIdentityProviderFactory;
import io.patchflow.security.AppUser;
import io.patchflow.security.Role;
import io.patchflow.security.UserDirectory;

@Configuration
class EngineConfiguration {

    /** A class loader that offers no service files, so a ScriptEngineManager built on it discovers nothing. */
    private static final ClassLoader NO_SCRIPT_ENGINES = new ClassLoader(null) {
    };

    /**
     * Flyway creates the engine's tables (migration V1), so the engine must start after Flyway;
     * otherwise the engine finds no tables, or Flyway finds a non-empty schema it does not own.
     */
    @Bean
    static BeanFactoryPostProcessor engineStartsAfterFlyway() {
        return beanFactory -> {
            for (String name : List.of("processEngineFactoryBean")) {
                if (beanFactory.containsBeanDefinition(name) && beanFactory.containsBeanDefinition("flywayInitializer")) {
                    BeanDefinition engine = beanFactory.getBeanDefinition(name);
                    List<String> dependsOn = new ArrayList<>(engine.getDependsOn() == null ? List.of() : Arrays.asList(engine.getDependsOn()));
                    dependsOn.add("flywayInitializer");
                    engine.setDependsOn(dependsOn.toArray(String[]::new));
                }
            }
        };
    }

    @Bean
    Directory engineDirectory(UserDirectory users, CustomerRepository customers, PasswordEncoder passwords) {
        return new Directory() {
            @Override
            public List<AppUser> users() {
                return users.all();
            }

            @Override
            public List<Customer> customers() {
                return customers.all();
            }

            @Override
            public boolean checkPassword(String username, String password) {
                return password != null && users.find(username).filter(AppUser::enabled)
                        .map(u -> passwords.matches(password, u.passwordHash())).orElse(false);
            }
        };
    }

    @Bean
    ProcessEnginePlugin patchflowEnginePlugin(Directory directory) {
        return new AbstractProcessEnginePlugin() {
            @Override
            public void preInit(ProcessEngineConfigurationImpl configuration) {
                configuration.setIdentityProviderSessionFactory(new DirectoryIdentityProviderFactory(directory));
                configuration.setTenantIdProvider(new CustomerTenantIdProvider());
                configuration.setAdminGroups(new ArrayList<>(List.of(Role.ADMIN.groupId())));
                if (configuration.getCustomPreBPMNParseListeners() == null) {
                    configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
                }
                configuration.getCustomPreBPMNParseListeners().add(new NoScriptsParseListener());
                configuration.setJavaSerializationFormatEnabled(false);
                // JUEL and FEEL register themselves as JSR-223 script engines; the engine gets a
                // resolver that finds no script engine at all, so a script can never run.
                configuration.setScriptEngineResolver(new DefaultScriptEngineResolver(new ScriptEngineManager(NO_SCRIPT_ENGINES)));
            }
        };
    }
}
