package io.patchflow.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.patchflow.shared.OwnerOnlyFiles;

/**
 * Signs the change token every job carries (docs/agent-protocol.md): Ed25519 over the job
 * id, the agent, the change, the job type, the approved window and the payload's hash.
 * Agents learn the public key when they enrol and refuse any job whose token does not
 * verify.
 * <p>
 * The key comes from {@code patchflow.agent.signing-key} (environment
 * {@code PATCHFLOW_AGENT_SIGNING_KEY}; every node of a cluster needs the same one),
 * written {@code ed25519:<PKCS#8 base64>:<X.509 base64>}. Without it, a key is generated
 * once and kept in {@code patchflow.agent.signing-key-file} (mode 600), which is right
 * for the embedded single-node default and the demo.
 */
@Component
public class JobSigner {

    private static final Logger log = LoggerFactory.getLogger(JobSigner.class);

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey privateKey;

    private final PublicKey publicKey;

    private final ObjectMapper json;

    JobSigner(@Value("${patchflow.agent.signing-key:}") String configured,
            @Value("${patchflow.agent.signing-key-file:./data/agent-signing-key}") Path file, ObjectMapper json) {
        this.json = json;
        KeyPair keys = configured.isBlank() ? fromFile(file) : parse(configured, "patchflow.agent.signing-key");
        this.privateKey = keys.getPrivate();
        this.publicKey = keys.getPublic();
    }

    /** The public key agents verify with, as X.509 SubjectPublicKeyInfo in base64. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** A job's change token; {@code payload} is the job's JSON as stored. */
    public String sign(String jobId, String agentId, String changeId, String type, int attempt, Instant notBefore,
            Instant notAfter, String payload) {
        try {
            ObjectNode claims = json.createObjectNode()
                .put("v", 1)
                .put("job", jobId)
                .put("agent", agentId)
                .put("change", changeId)
                .put("type", type)
                .put("attempt", attempt)
                .put("nbf", notBefore.toString())
                .put("exp", notAfter.toString())
                .put("payload", payloadHash(payload));
            String body = URL.encodeToString(json.writeValueAsBytes(claims));
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(body.getBytes(StandardCharsets.US_ASCII));
            return body + "." + URL.encodeToString(signer.sign());
        }
        catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot sign a change token", e);
        }
    }

    /**
     * SHA-256 of the payload's compact JSON as Jackson writes it: what the agent computes
     * from what it received.
     */
    String payloadHash(String payload) throws JsonProcessingException {
        try {
            return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(json.readTree(payload))));
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A new key pair in the configuration's format, e.g. for
     * {@code PATCHFLOW_AGENT_SIGNING_KEY}.
     */
    static String newKey() {
        try {
            KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return "ed25519:" + Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()) + ":"
                    + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair fromFile(Path file) {
        try {
            if (Files.exists(file)) {
                return parse(Files.readString(file).strip(), file.toString());
            }
            String key = newKey();
            // rw------- from the moment the file exists: the private key is never
            // readable by others
            OwnerOnlyFiles.write(file, key + "\n");
            log.warn("generated the agents' job signing key in {}; a cluster needs one key on every node: set "
                    + "PATCHFLOW_AGENT_SIGNING_KEY (docs/agent-protocol.md)", file.toAbsolutePath());
            return parse(key, file.toString());
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the agent signing key " + file, e);
        }
    }

    private static KeyPair parse(String text, String source) {
        String[] parts = text.split(":");
        if (parts.length != 3 || !parts[0].equals("ed25519")) {
            throw new IllegalArgumentException(source + " is ed25519:<PKCS#8 base64>:<X.509 base64>");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            PrivateKey privateKey = factory
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(parts[1])));
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(parts[2])));
            // The two halves must belong together: sign and verify once.
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(new byte[] { 1 });
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(new byte[] { 1 });
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException(source + ": the public key does not belong to the private key");
            }
            return new KeyPair(publicKey, privateKey);
        }
        catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is not a usable Ed25519 key pair: " + e.getMessage(), e);
        }
    }

}
