package io.patchflow.process.engineapi;

import java.util.Optional;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UrlPathHelper;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Whether the engine is being driven by Camunda's own surface: the engine REST API or the
 * Camunda webapps (which reach the engine through the same REST resources under their own
 * path). Read from the request the current thread serves, which Spring keeps for every
 * servlet, so it does not depend on any filter of ours having run. Patchflow's own pages
 * and APIs, the agent API, the job executor and start-up are not this origin.
 */
public final class EngineApiOrigin {

    public static final String ENGINE_REST = "/engine-rest";

    public static final String WEBAPPS = "/camunda";

    private EngineApiOrigin() {
    }

    public static Optional<HttpServletRequest> currentRequest() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            HttpServletRequest request = servlet.getRequest();
            if (isEngineApiPath(path(request))) {
                return Optional.of(request);
            }
        }
        return Optional.empty();
    }

    public static boolean isEngineApiRequest() {
        return currentRequest().isPresent();
    }

    /**
     * The request's path within the application, decoded and normalised as the servlet
     * container routes it: {@code /%65ngine-rest/...} is {@code /engine-rest/...} here
     * too.
     */
    static String path(HttpServletRequest request) {
        return PATHS.getPathWithinApplication(request);
    }

    private static final UrlPathHelper PATHS = new UrlPathHelper();

    static {
        PATHS.setUrlDecode(true);
        PATHS.setRemoveSemicolonContent(true);
    }

    static boolean isEngineApiPath(String path) {
        return under(path, ENGINE_REST) || under(path, WEBAPPS);
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** Who is asking, as Spring Security signed them in. */
    static String user() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken
                || !authentication.isAuthenticated()) {
            return "anonymous";
        }
        return authentication.getName();
    }

}
