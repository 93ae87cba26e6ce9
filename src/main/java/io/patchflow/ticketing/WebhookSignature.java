package io.patchflow.ticketing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures of webhook bodies, in the form Jira and GitHub send them:
 * {@code sha256=<lowercase hex>} (ADR 0045). Patchflow signs what it sends to a webhook
 * receiver this way and checks what ticketing systems send to it the same way. A
 * signature is computed over bytes exactly as they travel, never over JSON parsed and
 * written again.
 */
public final class WebhookSignature {

    /** The prefix of a signature's value: the algorithm. */
    public static final String PREFIX = "sha256=";

    private static final String HMAC = "HmacSHA256";

    private WebhookSignature() {
    }

    /** {@code sha256=<hex HMAC-SHA256 of content under secret>}. */
    public static String sign(String secret, byte[] content) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, content));
    }

    /**
     * What is signed when the timestamp travels in a header: {@code <timestamp>.<body>},
     * so that the timestamp cannot be changed without breaking the signature.
     */
    public static byte[] withTimestamp(String timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return content;
    }

    /**
     * Whether {@code header} ({@code sha256=<hex>}) is the signature of {@code content}
     * under {@code secret}, compared in constant time. A missing, malformed or
     * differently prefixed value is not.
     */
    public static boolean verifies(String secret, byte[] content, String header) {
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(PREFIX.length()).trim());
        }
        catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(hmac(secret, content), given);
    }

    /** SHA-256 of the content, hex. */
    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[] hmac(String secret, byte[] content) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
            return mac.doFinal(content);
        }
        catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

}
