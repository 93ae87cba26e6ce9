package io.patchflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

    @TempDir
    Path dir;

    @Test
    void aSealedSecretOpensOnlyInItsOwnContextWithTheSameKey() {
        String key = SecretBox.newKey();
        SecretBox box = new SecretBox(key, dir.resolve("unused"));

        String sealed = box.seal("api-token-123", "ticketing|acme|jira|secret");

        assertThat(sealed).startsWith("v1:").doesNotContain("api-token-123");
        assertThat(box.seal("api-token-123", "ticketing|acme|jira|secret")).as("a fresh nonce each time")
            .isNotEqualTo(sealed);
        assertThat(box.open(sealed, "ticketing|acme|jira|secret")).isEqualTo("api-token-123");
        assertThatThrownBy(() -> box.open(sealed, "ticketing|globex|jira|secret"))
            .as("copied to another customer's row")
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("does not open");
        assertThatThrownBy(() -> new SecretBox(SecretBox.newKey(), dir.resolve("unused")).open(sealed,
                "ticketing|acme|jira|secret"))
            .as("another key")
            .isInstanceOf(IllegalStateException.class);
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(3));
        bytes[bytes.length - 1] ^= 1;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(bytes);
        assertThatThrownBy(() -> box.open(tampered, "ticketing|acme|jira|secret"))
            .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAKeyInTheEnvironmentOneIsGeneratedOnceIntoAnOwnerOnlyFile() throws Exception {
        Path file = dir.resolve("data/secrets-key");
        String sealed = new SecretBox("", file).seal("s", "c");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(new SecretBox("", file).open(sealed, "c")).as("the same key after a restart").isEqualTo("s");
    }

    @Test
    void aKeyFileOthersMayReadIsRefused() throws Exception {
        Path file = dir.resolve("secrets-key");
        Files.writeString(file, SecretBox.newKey());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> new SecretBox("", file)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("chmod 600");
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedWithWhatItMustBe() {
        assertThatThrownBy(() -> new SecretBox(Base64.getEncoder().encodeToString(new byte[16]), dir.resolve("x")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new SecretBox("not base64 !", dir.resolve("x")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not base64");
    }

}
