package io.patchflow.agent;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What every agent request passes before a controller sees it: a protocol version the
 * server speaks, a body no larger than the endpoint allows (an inventory may be large,
 * nothing else is), and a per-agent request rate (per address for enrolment). Answers are
 * problem details with a specific reason; 429 says when to try again.
 */
class AgentGuard extends OncePerRequestFilter {

    static final String PROTOCOL_HEADER = "Patchflow-Agent-Protocol";

    private final AgentSettings settings;

    private final ObjectMapper json;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    AgentGuard(AgentSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(PROTOCOL_HEADER, Integer.toString(AgentRegistry.PROTOCOL_VERSION));
        String version = request.getHeader(PROTOCOL_HEADER);
        if (version != null && !version.strip().equals(Integer.toString(AgentRegistry.PROTOCOL_VERSION))) {
            problem(response, HttpStatus.BAD_REQUEST, "agent protocol version " + version.strip()
                    + " is not spoken here; this server speaks " + AgentRegistry.PROTOCOL_VERSION);
            return;
        }
        long limit = request.getRequestURI().endsWith("/inventory") ? settings.maxInventoryBytes()
                : settings.maxRequestBytes();
        if (request.getContentLengthLong() > limit) {
            problem(response, HttpStatus.PAYLOAD_TOO_LARGE, "the request body is larger than " + limit + " bytes");
            return;
        }
        String key = rateKey(request);
        if (buckets.size() > 200_000) {
            // a bound on memory: forgetting every bucket at once only resets the limits
            buckets.clear();
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(key, k -> newBucket(k.startsWith("enrol:")))
            .tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
            response.setHeader("Retry-After", Long.toString(seconds));
            problem(response, HttpStatus.TOO_MANY_REQUESTS, "too many requests from this "
                    + (key.startsWith("enrol:") ? "address" : "agent") + "; try again in " + seconds + " s");
            return;
        }
        chain.doFilter(new Limited(request, limit), response);
    }

    /**
     * Authenticated agents are limited per agent, everything else (enrolment, bad
     * credentials) per address.
     */
    private static String rateKey(HttpServletRequest request) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof AgentPrincipal agent) {
            return "agent:" + agent.agentId();
        }
        return "enrol:" + request.getRemoteAddr();
    }

    private Bucket newBucket(boolean byAddress) {
        AgentSettings.RateLimit limit = byAddress ? settings.rateLimit().perAddress() : settings.rateLimit().perAgent();
        return Bucket.builder()
            .addLimit(Bandwidth.builder()
                .capacity(limit.burst())
                .refillGreedy(limit.perSecond(), Duration.ofSeconds(1))
                .build())
            .build();
    }

    int trackedKeys() {
        return buckets.size();
    }

    private void problem(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        json.writeValue(response.getOutputStream(),
                Map.of("status", status.value(), "title", status.getReasonPhrase(), "detail", detail));
    }

    /** Stops reading a body sent without a length once it passes the limit. */
    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            io.patchflow.shared.LimitedInputStream limited = new io.patchflow.shared.LimitedInputStream(in, limit);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return limited.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    return limited.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }

    }

}
