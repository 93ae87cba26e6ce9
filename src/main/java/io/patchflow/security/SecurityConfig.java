package io.patchflow.security;

import java.io.IOException;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.agent.AgentAuthenticationFilter;
import io.patchflow.agent.AgentRegistry;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Three doors: agents (bearer credentials, no session), the JSON API and engine REST (HTTP Basic,
 * no session, so no CSRF exposure), and pages (form login, session, CSRF on).
 */
@Configuration
@EnableWebSecurity
class SecurityConfig {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService userDetailsService(UserDirectory users) {
        return username -> users.find(username)
                .map(u -> User.withUsername(u.username()).password(u.passwordHash()).disabled(!u.enabled())
                        .authorities(u.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList())
                        .build())
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }

    @Bean
    @Order(1)
    SecurityFilterChain agentApi(HttpSecurity http, AgentRegistry registry, ObjectMapper json) throws Exception {
        http.securityMatcher("/agent/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new AgentAuthenticationFilter(registry), UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.POST, "/agent/v1/enrol").permitAll()
                        .anyRequest().hasAuthority(AgentAuthenticationFilter.ROLE_AGENT))
                .exceptionHandling(e -> e.authenticationEntryPoint(jsonEntryPoint(json, "agent credentials missing or invalid"))
                        .accessDeniedHandler(jsonDenied(json)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain jsonApi(HttpSecurity http, ObjectMapper json) throws Exception {
        AuthenticationEntryPoint entryPoint = jsonEntryPoint(json, "authenticate with HTTP Basic");
        // Path matchers on the whole path: /engine-rest is served by Jersey, not by Spring MVC.
        http.securityMatcher(new OrRequestMatcher(path("/api/**"), path("/engine-rest/**")))
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // No WWW-Authenticate challenge: browsers then never cache Basic credentials, which
                // would otherwise ride along on cross-site requests (this chain has no CSRF token).
                .httpBasic(b -> b.authenticationEntryPoint(entryPoint))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(path("/engine-rest/**")).hasRole("ADMIN")
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(jsonDenied(json)));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain pages(HttpSecurity http) throws Exception {
        http.csrf(c -> c.ignoringRequestMatchers(path("/camunda/api/**"))) // the Camunda webapps carry their own CSRF filter
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/inbox", false).permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
                .headers(h -> h.frameOptions(f -> f.sameOrigin()))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/css/**", "/js/**", "/vendor/**", "/favicon.ico", "/error",
                                "/actuator/health/**", "/v3/api-docs/**").permitAll()
                        .requestMatchers(path("/camunda/**")).hasRole("ADMIN")
                        .anyRequest().authenticated());
        return http.build();
    }

    private static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }

    private static AuthenticationEntryPoint jsonEntryPoint(ObjectMapper json, String detail) {
        return (request, response, e) -> write(json, response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", detail);
    }

    private static AccessDeniedHandler jsonDenied(ObjectMapper json) {
        return (request, response, e) -> write(json, response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                "your role does not allow this");
    }

    private static void write(ObjectMapper json, HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Map.of("status", status, "title", title, "detail", detail));
    }
}
