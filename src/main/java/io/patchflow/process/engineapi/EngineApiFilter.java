package io.patchflow.process.engineapi;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The first line in front of the engine REST API and the Camunda webapps, after Spring
 * Security has signed the person in: a request that {@link EngineApiRules} refuses is
 * answered with 403 in Camunda's error format (so Cockpit shows the message), audited,
 * and never reaches Camunda; a job retry is checked for its body and its job first
 * ({@link JobRetries}).
 */
final class EngineApiFilter extends OncePerRequestFilter {

    private static final int MAX_RETRY_BODY = 4096;

    private final EngineApiAudit audit;

    private final ObjectMapper json;

    private final Supplier<ProcessEngine> engine;

    EngineApiFilter(EngineApiAudit audit, ObjectMapper json, Supplier<ProcessEngine> engine) {
        this.audit = audit;
        this.json = json;
        this.engine = engine;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = EngineApiOrigin.path(request);
        EngineApiRules.Decision decision = EngineApiRules.http(request.getMethod(), path);
        if (!decision.allowed()) {
            audit.record(EngineApiAudit.REFUSED, EngineApiOrigin.user(), request.getMethod(), path,
                    "refused: the engine API is read-only");
            answer(response, 403, "Forbidden", request.getMethod() + " " + path + " is refused: " + decision.reason());
            return;
        }
        String enginePath = EngineApiRules.enginePath(path);
        Optional<String> badPaging = badPaging(request);
        if (badPaging.isPresent()) {
            answer(response, 400, "InvalidRequestException", badPaging.get());
            return;
        }
        Optional<EngineObjects.Found> found = enginePath == null ? Optional.empty()
                : EngineObjects.find(enginePath, engine.get());
        if (found.isPresent() && !found.get().exists()) {
            answer(response, 404, "InvalidRequestException", "no " + found.get().kind() + " " + found.get().id()
                    + (enginePath.contains("/resources/") ? " with that resource" : ""));
            return;
        }
        if (request.getMethod().equals("PUT") && JobRetries.isRetry(enginePath)) {
            byte[] body = request.getInputStream().readNBytes(MAX_RETRY_BODY + 1);
            Optional<JobRetries.Problem> problem = body.length > MAX_RETRY_BODY
                    ? Optional.of(new JobRetries.Problem(400, "the body is larger than a retry needs"))
                    : JobRetries.checkRequest(enginePath, body, json, engine.get().getManagementService());
            if (problem.isPresent()) {
                audit.record(EngineApiAudit.REFUSED, EngineApiOrigin.user(), request.getMethod(), path,
                        "refused: " + problem.get().message());
                answer(response, problem.get().status(),
                        problem.get().status() == 403 ? "Forbidden" : "InvalidRequestException",
                        request.getMethod() + " " + path + " is refused: " + problem.get().message());
                return;
            }
            chain.doFilter(new ReplayedBody(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Camunda hands a negative page bound to the database, which answers with an error;
     * here it is a 400.
     */
    private static Optional<String> badPaging(HttpServletRequest request) {
        for (String name : new String[] { "firstResult", "maxResults" }) {
            String value = request.getParameter(name);
            if (value != null && !value.matches("\\d{1,9}")) {
                return Optional.of(name + " is a whole number from 0 to 999999999, not '"
                        + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'");
            }
        }
        return Optional.empty();
    }

    /** Camunda's error format, so that Cockpit shows the message. */
    private void answer(HttpServletResponse response, int status, String type, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Map.of("type", type, "message", message));
    }

    /** The request with a body that was read once already. */
    private static final class ReplayedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        private final ServletInputStream stream;

        ReplayedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            this.stream = new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body was read already");
                }
            };
        }

        @Override
        public ServletInputStream getInputStream() {
            return stream;
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(stream,
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

    }

}
