package io.patchflow.ticketing;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.shared.LimitedInputStream;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Where ticketing systems report a ticket's new status. Outside {@code /api/**}: a sender
 * has no Patchflow user; the signature is its authentication (security.SecurityConfig
 * lets only this POST through, without a session or CSRF token). The body is read here as
 * bytes, so the signature is checked over exactly what was sent.
 */
@Tag(name = "Webhooks", description = "Ticket status updates from ticketing systems, signed with a shared secret")
@RestController
class TicketingWebhookApiController {

    private final TicketingWebhooks webhooks;

    TicketingWebhookApiController(TicketingWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Operation(summary = "A ticketing system reports a ticket's status (signed; see docs/ticketing.md, Webhooks)")
    @PostMapping("/webhooks/ticketing/{customerId}/{system}")
    ResponseEntity<Map<String, String>> receive(@PathVariable String customerId, @PathVariable String system,
            @RequestHeader HttpHeaders headers, HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > TicketingWebhooks.MAX_BODY) {
            throw TicketingWebhooks.tooLarge();
        }
        byte[] body;
        try (InputStream in = new LimitedInputStream(request.getInputStream(), TicketingWebhooks.MAX_BODY)) {
            body = in.readAllBytes();
        }
        catch (LimitedInputStream.TooLarge e) {
            throw TicketingWebhooks.tooLarge();
        }
        TicketingWebhooks.Answer answer = webhooks.receive(customerId, system, headers, body, Instant.now());
        Map<String, String> result = new LinkedHashMap<>();
        result.put("outcome", answer.outcome());
        result.put("eventId", answer.eventId());
        return ResponseEntity.status(answer.status()).body(result);
    }

    @ExceptionHandler(TicketingWebhooks.Refused.class)
    ResponseEntity<ProblemDetail> refused(TicketingWebhooks.Refused e) {
        return ResponseEntity.status(e.status()).body(ProblemDetail.forStatusAndDetail(e.status(), e.getMessage()));
    }

}
