package io.patchflow.agent;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.security.JsonErrors;

/**
 * The agents' door: bearer credentials, no session, no CSRF (no browser ever holds an
 * agent credential).
 */
@Configuration
class AgentSecurity {

    @Bean
    @Order(1)
    SecurityFilterChain agentApi(HttpSecurity http, AgentRegistry registry, AgentSettings settings, ObjectMapper json)
            throws Exception {
        http.securityMatcher("/agent/**")
            .csrf(c -> c.disable())
            .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .addFilterBefore(new AgentAuthenticationFilter(registry), UsernamePasswordAuthenticationFilter.class)
            // after authentication, so the rate limit is per agent for agents and per
            // address for the rest
            .addFilterAfter(new AgentGuard(settings, json), AgentAuthenticationFilter.class)
            .authorizeHttpRequests(a -> a
                // A long poll's answer comes back in an ASYNC dispatch of the request
                // already authorized.
                .dispatcherTypeMatchers(jakarta.servlet.DispatcherType.ASYNC, jakarta.servlet.DispatcherType.ERROR)
                .permitAll()
                .requestMatchers(HttpMethod.POST, "/agent/v1/enrol")
                .permitAll()
                .anyRequest()
                .hasAuthority(AgentAuthenticationFilter.ROLE_AGENT))
            .exceptionHandling(e -> e
                .authenticationEntryPoint(JsonErrors.unauthorized(json, "agent credentials missing or invalid"))
                .accessDeniedHandler(JsonErrors.forbidden(json)));
        return http.build();
    }

}
