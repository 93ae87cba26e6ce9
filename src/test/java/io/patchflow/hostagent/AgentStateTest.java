package io.patchflow.hostagent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's state holds its secret: its directory and file are its owner's only, and a
 * restart reads it back.
 */
class AgentStateTest {

    @TempDir
    Path dir;

    @Test
    void theSecretIsWrittenToAFileOnlyTheAgentsUserCanRead() throws Exception {
        Path stateDir = dir.resolve("var-lib-patchflow-agent");
        AgentState state = AgentState.open(stateDir);
        state.data().agentId = "a1";
        state.data().agentSecret = "s3cret";
        state.save();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir.resolve("state.json"))))
            .isEqualTo("rw-------");
        assertThat(stateDir.resolve("state.json.tmp")).doesNotExist();
        assertThat(AgentState.open(stateDir).credential()).isEqualTo("a1.s3cret");

        state.data().agentSecret = "rotated";
        state.save();
        assertThat(AgentState.open(stateDir).credential()).isEqualTo("a1.rotated");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir.resolve("state.json"))))
            .isEqualTo("rw-------");
    }

}
