package io.patchflow.agent;

import java.io.IOException;
import java.util.List;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Authenticates agents by {@code Authorization: Bearer <agentId>.<secret>}. */
public class AgentAuthenticationFilter extends OncePerRequestFilter {

    public static final String ROLE_AGENT = "ROLE_AGENT";

    private final AgentRegistry registry;

    public AgentAuthenticationFilter(AgentRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.startsWith("Bearer ")) {
            String credential = header.substring(7).trim();
            int dot = credential.indexOf('.');
            java.util.Optional<AgentPrincipal> agent = dot > 0
                    ? registry.authenticate(credential.substring(0, dot), credential.substring(dot + 1))
                    : java.util.Optional.empty();
            if (agent.isPresent()) {
                SecurityContextHolder.getContext()
                    .setAuthentication(new UsernamePasswordAuthenticationToken(agent.get(), null,
                            List.of(new SimpleGrantedAuthority(ROLE_AGENT))));
            }
            else {
                registry.authenticationFailed(dot > 0 ? credential.substring(0, dot) : null, request.getRemoteAddr(),
                        request.getRequestURI());
            }
        }
        chain.doFilter(request, response);
    }

}
