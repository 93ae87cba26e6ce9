package io.patchflow.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.patchflow.shared.OwnerOnlyFiles;

/**
 * Seals secrets Patchflow must use again later (a PSA's API token), so that the database
 * alone never gives them away: AES-256-GCM with a key from the environment
 * ({@code PATCHFLOW_SECRETS_KEY}, 32 bytes in base64) or, when none is set, from a key
 * file generated once, rw------- ({@code patchflow.secrets.key-file}). A key file
 * readable by anyone but its owner is refused at start-up. Each sealed value is bound to
 * where it belongs (its {@code context}, e.g. customer, system and field), so a value
 * copied to another row does not open (ADR 0043).
 */
@Component
public class SecretBox {

    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);

    private static final String VERSION = "v1:";

    private static final int NONCE_BYTES = 12;

    private static final int TAG_BITS = 128;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    SecretBox(@Value("${patchflow.secrets.key:}") String configured,
            @Value("${patchflow.secrets.key-file:./data/secrets-key}") Path file) {
        this.key = new SecretKeySpec(
                configured.isBlank() ? fromFile(file) : decode(configured, "PATCHFLOW_SECRETS_KEY"), "AES");
    }

    /** The secret sealed for {@code context}: {@code v1:<base64 nonce + ciphertext>}. */
    public String seal(String secret, String context) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return VERSION + Base64.getEncoder().encodeToString(out);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The secret, if {@code sealed} was sealed for {@code context} with this server's
     * key; an {@link IllegalStateException} otherwise (another key, another row,
     * tampered).
     */
    public String open(String sealed, String context) {
        if (sealed == null || !sealed.startsWith(VERSION)) {
            throw new IllegalStateException("not a sealed secret");
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        }
        catch (AEADBadTagException | IllegalArgumentException e) {
            throw new IllegalStateException("a sealed secret does not open with this server's key (another key, "
                    + "or the value was moved or changed); save it again", e);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** A new key in the configuration's format (base64 of 32 random bytes). */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] decode(String text, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.strip());
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(source + " must be 32 bytes (base64 of 32 random bytes), not "
                    + bytes.length + "; e.g. openssl rand -base64 32");
        }
        return bytes;
    }

    private static byte[] fromFile(Path file) {
        try {
            if (Files.exists(file)) {
                refuseIfOthersMayRead(file);
                return decode(Files.readString(file), file.toString());
            }
            String key = newKey();
            OwnerOnlyFiles.write(file, key + "\n");
            log.warn(
                    "generated the key that seals saved credentials in {}; back it up with the database, and give "
                            + "every node of a cluster the same key: set PATCHFLOW_SECRETS_KEY (docs/security.md)",
                    file.toAbsolutePath());
            return decode(key, file.toString());
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the secrets key " + file, e);
        }
    }

    private static void refuseIfOthersMayRead(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        if (permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ)
                || permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IllegalStateException("the secrets key " + file.toAbsolutePath()
                    + " may be read or changed by others; make it readable by its owner only: chmod 600 " + file);
        }
    }

}
