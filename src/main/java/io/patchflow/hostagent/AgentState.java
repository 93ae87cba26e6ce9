package io.patchflow.hostagent;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the agent must not forget across restarts and reboots, in
 * {@code state.dir/state.json} (mode 600): its credential, the server's signing key, the
 * job it is in the middle of, the results it has reported (so a job delivered twice is
 * never done twice), and what each change replaced (so it can be put back). Written whole
 * to a temporary file and renamed over the old one.
 */
final class AgentState {

    /** Results kept for re-delivered jobs; older ones are dropped first. */
    static final int KEPT_RESULTS = 1000;

    /** The job being worked on, with how far it got; survives a reboot. */
    record InProgress(String jobId, String type, String changeId, int attempt, String phase, JsonNode job) {
    }

    /** A result as reported, kept to report it again if the job comes back. */
    record Reported(String outcome, String detail, JsonNode evidence) {
    }

    /** One file holds everything; the class is its in-memory copy. */
    static final class Data {

        public String agentId;

        public String agentSecret;

        public String serverPublicKey;

        public String customerId;

        public Long assetId;

        public InProgress inProgress;

        public LinkedHashMap<String, Reported> reported = new LinkedHashMap<>();

        /**
         * change id → package → version installed before the change ({@code null}: it was
         * not installed).
         */
        public LinkedHashMap<String, LinkedHashMap<String, String>> replaced = new LinkedHashMap<>();

        public String lastInventoryHash;

    }

    private final Path file;

    private Data data;

    private AgentState(Path file, Data data) {
        this.file = file;
        this.data = data;
    }

    static AgentState open(Path stateDir) throws IOException {
        if (!Files.isDirectory(stateDir)) {
            try {
                Files.createDirectories(stateDir,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            catch (UnsupportedOperationException notPosix) {
                Files.createDirectories(stateDir);
            }
        }
        Path file = stateDir.resolve("state.json");
        Data data = Files.exists(file) ? Json.MAPPER.readValue(file.toFile(), Data.class) : new Data();
        return new AgentState(file, data);
    }

    synchronized Data data() {
        return data;
    }

    boolean enrolled() {
        return data.agentId != null && data.agentSecret != null;
    }

    String credential() {
        return data.agentId + "." + data.agentSecret;
    }

    synchronized void save() throws IOException {
        while (data.reported.size() > KEPT_RESULTS) {
            data.reported.remove(data.reported.keySet().iterator().next());
        }
        while (data.replaced.size() > KEPT_RESULTS) {
            data.replaced.remove(data.replaced.keySet().iterator().next());
        }
        Path temp = file.resolveSibling("state.json.tmp");
        // The file holds the agent's secret: rw------- from the moment it exists, before
        // the secret is written.
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        catch (UnsupportedOperationException notPosix) {
            Files.createFile(temp); // a test on a non-POSIX file system; the real agent
                                    // runs on Debian
        }
        Files.writeString(temp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(data));
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    synchronized Map<String, String> replacedBy(String changeId) {
        return data.replaced.get(changeId);
    }

}
