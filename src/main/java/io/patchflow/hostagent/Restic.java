package io.patchflow.hostagent;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Backups with restic: a snapshot of the configured paths, checked with
 * {@code restic check}, or proof that a checked snapshot recent enough already exists.
 * The repository and its password file come from the agent's configuration; the password
 * never appears on a command line.
 */
final class Restic {

    /** A snapshot as evidence for the server. */
    record Snapshot(String id, Instant time, long bytes, boolean taken) {
    }

    /** Thrown when restic fails; the message says what it said. */
    static final class ResticException extends Exception {

        ResticException(String message) {
            super(message);
        }

    }

    private final String repository;

    private final Path passwordFile;

    private final String host;

    private final Duration timeout;

    Restic(String repository, Path passwordFile, String host, Duration timeout) {
        this.repository = repository;
        this.passwordFile = passwordFile;
        this.host = host;
        this.timeout = timeout;
    }

    /** Creates the repository on first use. */
    void ensureRepository() throws ResticException {
        if (run("cat", "config").ok()) {
            return;
        }
        Processes.Result init = run("init");
        if (!init.ok()) {
            throw new ResticException("restic init failed: " + init.tail());
        }
    }

    /** Takes a snapshot of the paths and checks the repository afterwards. */
    Snapshot backup(List<Path> paths) throws ResticException {
        if (paths.isEmpty()) {
            throw new ResticException("no backup.paths are configured: nothing to back up");
        }
        ensureRepository();
        List<String> args = new ArrayList<>(List.of("backup", "--json", "--host", host));
        paths.forEach(p -> args.add(p.toString()));
        Processes.Result r = run(args.toArray(String[]::new));
        if (!r.ok()) {
            throw new ResticException("restic backup failed (exit " + r.exitCode() + "): " + r.tail());
        }
        String id = null;
        long bytes = 0;
        for (String line : r.stdout().split("\n")) {
            JsonNode message = parse(line);
            if (message != null && "summary".equals(message.path("message_type").asText())) {
                id = message.path("snapshot_id").asText(null);
                bytes = message.path("total_bytes_processed").asLong();
            }
        }
        if (id == null) {
            throw new ResticException("restic backup printed no summary: " + r.tail());
        }
        if (id.length() < 64) {
            id = fullId(id); // restic 0.14 prints the short id in its summary
        }
        check();
        return new Snapshot(id, Instant.now(), bytes, true);
    }

    /**
     * The newest snapshot of this host, if it is younger than {@code maxAge}; the
     * repository is checked first.
     */
    Optional<Snapshot> recent(Duration maxAge) throws ResticException {
        ensureRepository();
        Processes.Result r = run("snapshots", "--json", "--host", host);
        if (!r.ok()) {
            throw new ResticException("restic snapshots failed: " + r.tail());
        }
        JsonNode list = parse(r.stdout());
        Snapshot newest = null;
        if (list != null) {
            for (JsonNode s : list) {
                Instant time = Instant.parse(s.path("time").asText());
                if (newest == null || time.isAfter(newest.time())) {
                    long bytes = s.path("summary").path("total_bytes_processed").asLong(0);
                    newest = new Snapshot(s.path("id").asText(), time, bytes, false);
                }
            }
        }
        if (newest == null || newest.time().isBefore(Instant.now().minus(maxAge))) {
            return Optional.empty();
        }
        check();
        return Optional.of(newest);
    }

    private String fullId(String shortId) throws ResticException {
        Processes.Result r = run("snapshots", "--json", shortId);
        JsonNode list = r.ok() ? parse(r.stdout()) : null;
        if (list == null || list.size() != 1) {
            throw new ResticException("restic cannot find the snapshot it just took (" + shortId + "): " + r.tail());
        }
        return list.get(0).path("id").asText();
    }

    /** Restores a snapshot over the paths it holds. */
    void restore(String snapshotId) throws ResticException {
        Processes.Result r = run("restore", snapshotId, "--target", "/");
        if (!r.ok()) {
            throw new ResticException("restic restore " + snapshotId + " failed: " + r.tail());
        }
    }

    void check() throws ResticException {
        Processes.Result r = run("check");
        if (!r.ok()) {
            throw new ResticException("restic check found problems: " + r.tail());
        }
    }

    private Processes.Result run(String... args) {
        List<String> command = new ArrayList<>(List.of("restic", "--no-cache", "-q"));
        command.addAll(List.of(args));
        if (args[0].equals("backup") || args[0].equals("snapshots")) {
            command.remove("-q"); // their --json output is what we read
        }
        return Processes.run(command, timeout,
                Map.of("RESTIC_REPOSITORY", repository, "RESTIC_PASSWORD_FILE", passwordFile.toString()), null);
    }

    private static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        }
        catch (Exception notJson) {
            return null;
        }
    }

}
