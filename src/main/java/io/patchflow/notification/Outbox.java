package io.patchflow.notification;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.security.AppUser;
import io.patchflow.shared.Text;

/**
 * Writes notifications into the outbox, in the caller's transaction: what a person gets
 * follows their preference (immediate, held for the digest, or nothing), and a second
 * write of the same notification (same key) writes nothing.
 */
@Service
class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final OutboxRepository rows;

    private final PreferenceRepository preferences;

    private final NotificationSettings settings;

    private final Links links;

    Outbox(OutboxRepository rows, PreferenceRepository preferences, NotificationSettings settings, Links links) {
        this.rows = rows;
        this.preferences = preferences;
        this.settings = settings;
        this.links = links;
    }

    /** A message about a change or a task. */
    record Message(NotificationEvent event, String key, String customerId, Long changeId, String subject, String text,
            String link) {
    }

    /** To a person, as they chose; true if a row was written. */
    @Transactional
    public boolean toUser(Message message, AppUser user, Instant now) {
        Delivery delivery = preferences.of(user.username()).getOrDefault(message.event(), Delivery.IMMEDIATE);
        if (delivery == Delivery.OFF) {
            return false;
        }
        if (user.email() == null || user.email().isBlank() || !user.enabled()) {
            log.debug("{} has no mail address or is disabled; {} not sent", user.username(), message.key());
            return false;
        }
        boolean digest = delivery == Delivery.DIGEST;
        return rows
            .insertIfAbsent(OutboxRow.pending(message.key() + ":" + user.username(), Channel.MAIL, message.event(),
                    message.customerId(), message.changeId(), user.username(), user.email(), subject(message.subject()),
                    mailBody(message), message.link(), digest ? OutboxRepository.HELD : OutboxRepository.PENDING,
                    digest ? OutboxPolicy.nextDigest(now, settings.digestHour(), settings.digestZone()) : now, now));
    }

    /** To an address that is not a user's (a customer's contact). */
    @Transactional
    public boolean toAddress(Message message, String address, Instant now) {
        return rows.insertIfAbsent(OutboxRow.pending(message.key() + ":" + address, Channel.MAIL, message.event(),
                message.customerId(), message.changeId(), null, address, subject(message.subject()), mailBody(message),
                message.link(), OutboxRepository.PENDING, now, now));
    }

    /** To a customer's chat webhook: one call per event, whoever else hears of it. */
    @Transactional
    public boolean toWebhook(Message message, String url, Instant now) {
        String text = Text.printable(message.text()) + (message.link() == null ? "" : " " + message.link());
        return rows.insertIfAbsent(OutboxRow.pending(message.key() + ":webhook", Channel.WEBHOOK, message.event(),
                message.customerId(), message.changeId(), null, url, subject(message.subject()), text, message.link(),
                OutboxRepository.PENDING, now, now));
    }

    /**
     * Turns the held rows whose digest time has come into one mail per address, in one
     * transaction: the digest row is written and the held rows marked together.
     */
    @Transactional
    public int releaseDigests(Instant now) {
        Map<String, List<OutboxRow>> byAddress = new LinkedHashMap<>();
        for (OutboxRow row : rows.heldDue(now, 5_000)) {
            byAddress.computeIfAbsent(row.address(), a -> new ArrayList<>()).add(row);
        }
        int mails = 0;
        for (List<OutboxRow> held : byAddress.values()) {
            OutboxRow first = held.get(0);
            StringBuilder body = new StringBuilder("Your Patchflow digest: " + held.size() + " notification(s).\n");
            for (OutboxRow row : held) {
                body.append("\n- ").append(row.subject());
                if (row.link() != null) {
                    body.append("\n  ").append(row.link());
                }
            }
            body.append(footer());
            String key = "DIGEST:" + first.recipient() + ":" + digestOf(held);
            rows.insertIfAbsent(OutboxRow.pending(key, Channel.MAIL, first.event(), null, null, first.recipient(),
                    first.address(), "[Patchflow] Digest: " + held.size() + " notification(s)", body.toString(), null,
                    OutboxRepository.PENDING, now, now));
            rows.markDigested(held.stream().map(OutboxRow::id).toList(), now);
            mails++;
        }
        return mails;
    }

    /**
     * Forgets rows delivered longer ago than {@code keepDelivered}: the table would grow
     * with every mail otherwise. Rows waiting, failing or held are kept whatever their
     * age. Returns how many were deleted (at most 10,000 a run).
     */
    @Transactional
    public int purgeDelivered(Instant now) {
        return rows.purgeDelivered(now.minus(settings.keepDelivered()), 10_000);
    }

    /** Mail subjects are one line: a line break in a title must not start a header. */
    static String subject(String subject) {
        String line = Text.printable(subject).replaceAll("[\\r\\n\\t]+", " ").strip();
        return line.length() > 300 ? line.substring(0, 297) + "..." : line;
    }

    private String mailBody(Message message) {
        return Text.printable(message.text()) + (message.link() == null ? "" : "\n\nOpen it: " + message.link())
                + footer();
    }

    private String footer() {
        return "\n\n-- \nPatchflow. Links open pages; nothing is approved by following them.\n"
                + "Choose which notifications you receive: " + links.settings() + "\n";
    }

    /** A short digest of the held rows' ids, so the digest's key names exactly them. */
    private static String digestOf(List<OutboxRow> held) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            held.forEach(r -> sha.update((r.id() + ",").getBytes(StandardCharsets.US_ASCII)));
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A short, stable digest of a text, for keys of events that may happen more than
     * once.
     */
    static String fingerprint(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
