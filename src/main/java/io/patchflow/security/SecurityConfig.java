package io.patchflow.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
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
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Doors for people: the JSON API and engine REST (HTTP Basic, no session, so no CSRF
 * exposure) and pages (form login, session, CSRF on). The agents' door is
 * io.patchflow.agent.AgentSecurity.
 */
@Configuration
@EnableWebSecurity
class SecurityConfig {

    // Styles inline: bpmn-js and form-js style the elements they draw.
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'self'";

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * The one way a password is checked, for the login form and HTTP Basic alike:
     * Spring's DaoAuthenticationProvider over Patchflow's users, behind the login
     * throttle. (No UserDetailsService bean: Spring Security would only warn that it goes
     * unused.)
     */
    @Bean
    AuthenticationProvider authenticationProvider(UserDirectory users, PasswordEncoder passwords,
            LoginThrottle throttle, RecentSignIns recent) {
        return new ThrottlingAuthenticationProvider(passwordCheck(users, passwords), userDetails(users), throttle,
                recent);
    }

    /**
     * Checks a user name and password against Patchflow's users; a disabled user is
     * refused.
     */
    static DaoAuthenticationProvider passwordCheck(UserDirectory users, PasswordEncoder passwords) {
        DaoAuthenticationProvider checked = new DaoAuthenticationProvider(userDetails(users));
        checked.setPasswordEncoder(passwords);
        return checked;
    }

    static UserDetailsService userDetails(UserDirectory users) {
        return username -> users.find(username)
            .map(u -> User.withUsername(u.username())
                .password(u.passwordHash())
                .disabled(!u.enabled())
                .authorities(u.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList())
                .build())
            .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }

    /**
     * Ticketing systems' webhooks (ADR 0045): the sender has no Patchflow user, so this
     * door has no sign-in, session or CSRF token; the controller checks each request's
     * HMAC signature against the secret saved for the customer and system in its path,
     * and that is its authentication. Only the one POST is let through; anything else
     * under the path is refused.
     */
    @Bean
    @Order(0)
    SecurityFilterChain ticketingWebhookDoor(HttpSecurity http, ObjectMapper json) throws Exception {
        http.securityMatcher(path("/webhooks/ticketing/**"))
            .csrf(c -> c.disable())
            .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .requestCache(r -> r.disable())
            .authorizeHttpRequests(a -> a
                .requestMatchers(PathPatternRequestMatcher.withDefaults()
                    .matcher(HttpMethod.POST, "/webhooks/ticketing/{customerId}/{system}"))
                .permitAll()
                .anyRequest()
                .denyAll())
            .exceptionHandling(
                    e -> e.authenticationEntryPoint(JsonErrors.unauthorized(json, "only a signed POST is taken here"))
                        .accessDeniedHandler(JsonErrors.forbidden(json)));
        return http.build();
    }

    /**
     * The OpenAPI document, for signed-in people only: by HTTP Basic (curl, code
     * generators) or with the session of the pages (Swagger UI, which is itself behind
     * the login page).
     */
    @Bean
    @Order(2)
    SecurityFilterChain apiDocs(HttpSecurity http, ObjectMapper json) throws Exception {
        AuthenticationEntryPoint entryPoint = JsonErrors.unauthorized(json, "sign in, or authenticate with HTTP Basic");
        http.securityMatcher(path("/v3/api-docs/**"))
            .csrf(c -> c.disable()) // read-only: GET
            .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
            .httpBasic(b -> b.authenticationEntryPoint(entryPoint))
            .authorizeHttpRequests(a -> a
                .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/v3/api-docs/**"))
                .authenticated()
                .anyRequest()
                .denyAll())
            .exceptionHandling(
                    e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(JsonErrors.forbidden(json)));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain jsonApi(HttpSecurity http, ObjectMapper json) throws Exception {
        AuthenticationEntryPoint entryPoint = JsonErrors.unauthorized(json, "authenticate with HTTP Basic");
        // Path matchers on the whole path: /engine-rest is served by Jersey, not by
        // Spring MVC.
        http.securityMatcher(new OrRequestMatcher(path("/api/**"), path("/engine-rest/**")))
            .csrf(c -> c.disable())
            .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            // No WWW-Authenticate challenge: browsers then never cache Basic credentials,
            // which would otherwise ride along on cross-site requests (this chain has no
            // CSRF token).
            .httpBasic(b -> b.authenticationEntryPoint(entryPoint))
            // Camunda Modeler's deploy and its connection checks: answered by Patchflow
            // (process.engineapi.ModelerDeployments), which refuses with a message the
            // Modeler shows anyone who is not a process analyst (ADR 0053).
            .authorizeHttpRequests(a -> a
                .requestMatchers(PathPatternRequestMatcher.withDefaults()
                    .matcher(HttpMethod.POST, "/engine-rest/deployment/create"))
                .authenticated()
                .requestMatchers(
                        PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/engine-rest/version"),
                        PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/engine-rest/deployment"))
                .hasAnyRole("ADMIN", "PROCESS_ANALYST")
                .requestMatchers(path("/engine-rest/**"))
                .hasAnyRole("ADMIN", "PROCESS_ANALYST")
                .requestMatchers(path("/api/admin/**"))
                .hasRole("ADMIN")
                .anyRequest()
                .authenticated())
            .exceptionHandling(
                    e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(JsonErrors.forbidden(json)));
        return http.build();
    }

    @Bean
    @Order(4)
    SecurityFilterChain pages(HttpSecurity http) throws Exception {
        http.csrf(c -> c.ignoringRequestMatchers(path("/camunda/api/**"))) // the Camunda
                                                                           // webapps
                                                                           // carry their
                                                                           // own CSRF
                                                                           // filter
            .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/inbox", false).permitAll())
            .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
            .headers(h -> h.frameOptions(f -> f.sameOrigin())
                // Our pages load scripts only from this server; the Camunda webapps send
                // their own policy.
                .addHeaderWriter(
                        new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(path("/camunda/**")),
                                new StaticHeadersWriter("Content-Security-Policy", CONTENT_SECURITY_POLICY))))
            .authorizeHttpRequests(a -> a
                .requestMatchers("/login", "/css/**", "/js/**", "/vendor/**", "/favicon.ico", "/favicon.svg", "/error",
                        "/actuator/health/**")
                .permitAll()
                // A calendar feed is read by calendar applications, which cannot sign in:
                // its secret address is its credential (ADR 0034).
                .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/calendar/feed/*"))
                .permitAll()
                .requestMatchers(path("/camunda/**"), path("/admin/**"))
                .hasRole("ADMIN")
                .anyRequest()
                .authenticated());
        return http.build();
    }

    private static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }

}
