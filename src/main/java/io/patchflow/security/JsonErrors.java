package io.patchflow.security;

import java.io.IOException;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletResponse;

/** Problem-details JSON for requests that security refuses before any controller runs. */
public final class JsonErrors {

    private JsonErrors() {
    }

    public static AuthenticationEntryPoint unauthorized(ObjectMapper json, String detail) {
        return (request, response, e) -> write(json, response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                detail);
    }

    public static AccessDeniedHandler forbidden(ObjectMapper json) {
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
