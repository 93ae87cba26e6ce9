package io.patchflow.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Names and passwords that signed in within the last minute, on this node. Kept as an
 * HMAC under a key made at start-up (never the password), with the password hash they
 * matched: a changed password, a removed or disabled user ends the entry at the next
 * request.
 */
@Component
class RecentSignIns {

    static final Duration KEPT = Duration.ofSeconds(60);
    static final int MAX_ENTRIES = 10_000;

    private record Entry(String passwordHash, Instant until) {
    }

    private final byte[] key = new byte[32];

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private final Clock clock;

    RecentSignIns() {
        this(Clock.systemUTC());
    }

    RecentSignIns(Clock clock) {
        new SecureRandom().nextBytes(key);
        this.clock = clock;
    }

    /** The password hash this name and password matched a moment ago. */
    Optional<String> passwordHash(String name, String password) {
        Entry entry = entries.get(fingerprint(name, password));
        return entry != null && clock.instant().isBefore(entry.until()) ? Optional.of(entry.passwordHash())
                : Optional.empty();
    }

    void remember(String name, String password, String passwordHash) {
        Instant now = clock.instant();
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(e -> !now.isBefore(e.until()));
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(fingerprint(name, password), new Entry(passwordHash, now.plus(KEPT)));
    }

    private String fingerprint(String name, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((name + '\u0000' + password).getBytes(StandardCharsets.UTF_8)));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

}
