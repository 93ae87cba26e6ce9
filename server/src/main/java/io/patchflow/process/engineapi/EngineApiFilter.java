package io.patchflow.process.engineapi;

import java.io.IOException;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The first line in front of the engine REST API and the Camunda webapps, after Spring Security
 * has signed the person in: a request that {@link EngineApiRules} refuses is answered with 403 in
 * Camunda's error format (so Cockpit shows the message), audited, and never reaches Camunda.
 */
final class EngineApiFilter extends OncePerRequestFilter {

    private final EngineApiAudit audit;
    private final ObjectMapper json;

    EngineApiFilter(EngineApiAudit audit, ObjectMapper json) {
        this.audit = audit;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = EngineApiOrigin.path(request);
        EngineApiRules.Decision decision = EngineApiRules.http(request.getMethod(), path);
        if (decision.allowed()) {
            chain.doFilter(request, response);
            return;
        }
        audit.record(EngineApiAudit.REFUSED, EngineApiOrigin.user(), request.getMethod(), path, "refused: the engine API is read-only");
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), java.util.Map.of("type", "Forbidden",
                "message", request.getMethod() + " " + path + " is refused: " + decision.reason()));
    }
}
