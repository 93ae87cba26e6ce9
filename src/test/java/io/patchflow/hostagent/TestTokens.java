package io.patchflow.hostagent;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Signs change tokens the way the server does (io.patchflow.agent.JobSigner), with a key
 * of the test's own.
 */
final class TestTokens {

    final KeyPair keys;

    TestTokens() throws Exception {
        keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    String publicKey() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    String sign(String jobId, String agentId, String changeId, String type, Instant notBefore, Instant notAfter,
            JsonNode payload) throws Exception {
        ObjectNode claims = Json.MAPPER.createObjectNode()
            .put("v", 1)
            .put("job", jobId)
            .put("agent", agentId)
            .put("change", changeId)
            .put("type", type)
            .put("nbf", notBefore.toString())
            .put("exp", notAfter.toString())
            .put("payload", JobToken.sha256(payload));
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(Json.MAPPER.writeValueAsBytes(claims));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update(body.getBytes(StandardCharsets.US_ASCII));
        return body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    }

}
