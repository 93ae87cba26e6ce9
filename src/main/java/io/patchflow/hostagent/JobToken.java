package io.patchflow.hostagent;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The change token every job carries: claims signed by the server's Ed25519 key, binding
 * the job to this agent, its change, its payload and its approved window. The agent does
 * nothing for a job whose token does not verify, names another agent or payload, or whose
 * window is not now.
 */
final class JobToken {

    /** How far the host's clock may be off from the server's. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

    /** The verified claims. */
    record Claims(String jobId, String agentId, String changeId, String type, Instant notBefore, Instant notAfter,
            String payloadSha256) {
    }

    /** A token that must not be acted on, and why. */
    static final class Refused extends Exception {

        Refused(String message) {
            super(message);
        }

    }

    private final PublicKey serverKey;

    JobToken(String serverPublicKeyBase64) throws GeneralSecurityException {
        this.serverKey = KeyFactory.getInstance("Ed25519")
            .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(serverPublicKeyBase64)));
    }

    Claims verify(String token, String agentId, String jobId, JsonNode payload, Instant now) throws Refused {
        return verify(token, agentId, jobId, null, null, payload, now);
    }

    /**
     * Also checks that the job's unsigned type and change are the ones signed, when
     * given.
     */
    Claims verify(String token, String agentId, String jobId, String type, String changeId, JsonNode payload,
            Instant now) throws Refused {
        if (token == null || token.isBlank()) {
            throw new Refused("the job carries no change token");
        }
        int dot = token.indexOf('.');
        if (dot < 1 || dot == token.length() - 1) {
            throw new Refused("the change token is malformed");
        }
        String body = token.substring(0, dot);
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(serverKey);
            verifier.update(body.getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(Base64.getUrlDecoder().decode(token.substring(dot + 1)))) {
                throw new Refused("the change token's signature is not the server's");
            }
        }
        catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Refused("the change token's signature cannot be checked: " + e.getMessage());
        }
        JsonNode c;
        try {
            c = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(body));
        }
        catch (Exception e) {
            throw new Refused("the change token's claims are not JSON");
        }
        Claims claims = new Claims(c.path("job").asText(), c.path("agent").asText(), c.path("change").asText(),
                c.path("type").asText(), Instant.parse(c.path("nbf").asText()), Instant.parse(c.path("exp").asText()),
                c.path("payload").asText());
        if (!claims.agentId().equals(agentId)) {
            throw new Refused("the change token was issued to another agent");
        }
        if (!claims.jobId().equals(jobId)) {
            throw new Refused("the change token belongs to another job");
        }
        if (c.path("v").asInt(1) != 1) {
            throw new Refused(
                    "the change token is of version " + c.path("v").asInt() + ", which this agent does not know");
        }
        if (type != null && !claims.type().equals(type)) {
            throw new Refused("the change token was signed for a " + claims.type() + " job, not " + type);
        }
        if (changeId != null && !claims.changeId().equals(changeId)) {
            throw new Refused("the change token was signed for " + claims.changeId() + ", not " + changeId);
        }
        if (!claims.payloadSha256().equals(sha256(payload))) {
            throw new Refused("the job's payload is not the one the change token was signed for");
        }
        if (now.isBefore(claims.notBefore().minus(CLOCK_SKEW))) {
            throw new Refused("outside the approved window: it opens at " + claims.notBefore());
        }
        if (now.isAfter(claims.notAfter().plus(CLOCK_SKEW))) {
            throw new Refused("outside the approved window: it closed at " + claims.notAfter());
        }
        return claims;
    }

    /** The hash the server signs: SHA-256 of the payload's compact JSON, as sent. */
    static String sha256(JsonNode payload) {
        try {
            byte[] json = Json.MAPPER.writeValueAsBytes(payload);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
