package io.patchflow.process.engineapi;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.webapp.impl.security.auth.ContainerBasedAuthenticationFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Camunda webapps and engine REST sit behind Patchflow's own login (admins only, see
 * SecurityConfig); these filters, which run after Spring Security, pass the signed-in
 * person on.
 */
@Configuration
class CamundaWebSecurity {

    private static final String PROVIDER = SpringSecurityAuthenticationProvider.class.getName();

    @Bean
    FilterRegistrationBean<ContainerBasedAuthenticationFilter> camundaWebappAuthentication() {
        FilterRegistrationBean<ContainerBasedAuthenticationFilter> registration = new FilterRegistrationBean<>(
                new ContainerBasedAuthenticationFilter());
        registration.addInitParameter("authentication-provider", PROVIDER);
        registration.addUrlPatterns("/camunda/*");
        registration.setOrder(101);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration = new FilterRegistrationBean<>(
                new ProcessEngineAuthenticationFilter());
        registration.addInitParameter("authentication-provider", PROVIDER);
        registration.addUrlPatterns("/engine-rest/*");
        registration.setOrder(101);
        return registration;
    }

}
