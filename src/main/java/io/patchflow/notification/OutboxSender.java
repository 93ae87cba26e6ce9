package io.patchflow.notification;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Delivers the outbox: takes each due row with a conditional update (so two nodes never
 * both send it), sends it, and marks it sent, or keeps it with one more attempt and a
 * later due time. Runs outside any transaction: a slow mail server holds no database
 * lock, and each row's outcome is committed by itself.
 */
@Service
public class OutboxSender {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

    private final OutboxRepository rows;

    private final ObjectProvider<JavaMailSender> mail;

    private final NotificationSettings settings;

    private final Links links;

    private final ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();

    /** Which node holds a claim: one id per running server. */
    private final String node = UUID.randomUUID().toString();

    OutboxSender(OutboxRepository rows, ObjectProvider<JavaMailSender> mail, NotificationSettings settings, Links links,
            ObjectMapper json) {
        this.rows = rows;
        this.mail = mail;
        this.settings = settings;
        this.links = links;
        this.json = json;
    }

    /** Sends the rows due at {@code now}; returns how many were sent. */
    public int sendDue(Instant now) {
        int sent = 0;
        for (long id : rows.due(now, settings.batchSize())) {
            if (!rows.claim(id, node, now, now.plus(settings.claimTimeout()))) {
                continue; // another node took it
            }
            OutboxRow row = rows.find(id).orElseThrow();
            try {
                deliver(row);
                rows.markSent(id, node, Instant.now());
                sent++;
            }
            catch (DeliveryException | RuntimeException e) {
                int attempts = row.attempts() + 1;
                Duration wait = io.patchflow.shared.Backoff.exponential(attempts, settings.initialBackoff(),
                        settings.maxBackoff());
                rows.markFailed(id, node, now.plus(wait), e.getMessage() == null ? e.toString() : e.getMessage());
                log.warn("Notification {} ({} to {}) not delivered, attempt {}; next try in {}: {}", id, row.channel(),
                        row.channel() == Channel.WEBHOOK ? "the customer's webhook" : row.address(), attempts, wait,
                        e.getMessage());
            }
        }
        return sent;
    }

    private void deliver(OutboxRow row) throws DeliveryException {
        if (row.channel() == Channel.MAIL) {
            sendMail(row);
        }
        else {
            callWebhook(row);
        }
    }

    private void sendMail(OutboxRow row) throws DeliveryException {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new DeliveryException("no mail server configured (spring.mail.host)");
        }
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
            helper.setFrom(settings.from());
            helper.setTo(row.address());
            helper.setSubject(row.subject());
            helper.setText(row.body(), false);
            // Derived from the row: a resend after a crash between sending and marking
            // carries the same Message-ID, so mail clients show it once. Spring keeps a
            // Message-ID that is set before sending.
            message.setHeader("Message-ID", messageId(row));
            sender.send(message);
        }
        catch (MessagingException | org.springframework.mail.MailException e) {
            throw new DeliveryException("mail to " + row.address() + " failed: " + e.getMessage());
        }
    }

    String messageId(OutboxRow row) {
        return "<notification-" + row.id() + "@" + links.host() + ">";
    }

    private void callWebhook(OutboxRow row) throws DeliveryException {
        try {
            URI address = URI.create(row.address());
            String refused = settings.allowPrivateWebhooks() ? null
                    : WebhookAddress.refusalByAddress(address.getHost());
            if (refused != null) {
                throw new DeliveryException(refused);
            }
            String body = json.writeValueAsString(Map.of("text", row.body()));
            HttpRequest request = HttpRequest.newBuilder(address)
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new DeliveryException("webhook answered " + response.statusCode());
            }
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        catch (IOException e) {
            throw new DeliveryException("webhook failed: " + e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted");
        }
    }

    static class DeliveryException extends Exception {

        DeliveryException(String message) {
            super(message);
        }

    }

}
