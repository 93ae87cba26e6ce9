package io.patchflow.hostagent;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's settings, from /etc/patchflow-agent/agent.conf (key=value) with
 * command-line overrides. Every value is checked at start-up; a bad one stops the agent
 * with a message naming it.
 */
record AgentConfig(URI server, String enrolmentToken, String hostname, Path stateDir, Path root, Path dpkgAdmindir,
        String packagesSource, List<Path> backupPaths, String resticRepository, Path resticPasswordFile,
        Duration backupMaxAge, List<String> rebootCommand, Path rebootRequiredFile, Duration pollWait,
        Duration inventoryInterval, Duration commandTimeout, String serverPublicKey, Map<String, String> healthCommands,
        java.util.Set<String> httpAllowHosts) {

    static final Path DEFAULT_FILE = Path.of("/etc/patchflow-agent/agent.conf");

    /** The package tools act on the real system. */
    boolean realRoot() {
        return root.equals(Path.of("/"));
    }

    /**
     * A package source of the form {@code dir:/path}: the .deb files to install from
     * (sandboxes, tests).
     */
    Path packageDirectory() {
        return packagesSource.startsWith("dir:") ? Path.of(packagesSource.substring(4)) : null;
    }

    static AgentConfig load(Path file, Map<String, String> overrides) throws IOException {
        Properties p = new Properties();
        if (file != null && Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
        }
        overrides.forEach(p::setProperty);
        return from(p);
    }

    static AgentConfig from(Properties p) {
        String url = text(p, "server.url", null);
        if (url == null) {
            throw new IllegalArgumentException("server.url is required, e.g. server.url=https://patchflow.example.com");
        }
        URI server;
        try {
            server = URI.create(url.endsWith("/") ? url : url + "/");
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("server.url is not a URL: " + url);
        }
        if (!"http".equals(server.getScheme()) && !"https".equals(server.getScheme())) {
            throw new IllegalArgumentException(
                    "server.url must start with https:// (or http:// on a test network), was " + url);
        }
        String hostname = text(p, "hostname", null);
        if (hostname == null) {
            hostname = localHostname();
        }
        if (!hostname.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,252}")) {
            throw new IllegalArgumentException(
                    "hostname is 1 to 253 letters, digits, dots or hyphens, was " + hostname);
        }
        Path root = Path.of(text(p, "root", "/"));
        String source = text(p, "packages.source", "apt");
        if (!source.equals("apt") && !source.startsWith("dir:")) {
            throw new IllegalArgumentException("packages.source is apt or dir:/path/to/debs, was " + source);
        }
        if (!root.equals(Path.of("/")) && source.equals("apt")) {
            throw new IllegalArgumentException(
                    "an alternate root (root=" + root + ") installs from a directory: set packages.source=dir:/path");
        }
        List<Path> backupPaths = new ArrayList<>();
        String paths = text(p, "backup.paths", "");
        Arrays.stream(paths.split("[\\s,]+")).filter(s -> !s.isBlank()).map(Path::of).forEach(backupPaths::add);
        String password = text(p, "restic.password-file", null);
        return new AgentConfig(server, text(p, "enrolment.token", null), hostname,
                Path.of(text(p, "state.dir", "/var/lib/patchflow-agent")), root,
                Path.of(text(p, "dpkg.admindir", root.resolve("var/lib/dpkg").toString())), source,
                List.copyOf(backupPaths), text(p, "restic.repository", null),
                password == null ? null : Path.of(password), duration(p, "backup.max-age", "PT24H"),
                List.of(text(p, "reboot.command", "systemctl reboot").split("\\s+")),
                Path.of(text(p, "reboot.required-file", root.resolve("run/reboot-required").toString())),
                pollWait(duration(p, "poll.wait", "PT25S")), duration(p, "inventory.interval", "PT1H"),
                duration(p, "command.timeout", "PT30M"), text(p, "server.public-key", null), healthCommands(p),
                java.util.Set.copyOf(Arrays.stream(text(p, "health.http.allow-hosts", "").split("[\\s,]+"))
                    .filter(s -> !s.isBlank())
                    .toList()));
    }

    /**
     * {@code health.command.<name>=<command>}: the only commands a health check may run.
     */
    private static Map<String, String> healthCommands(Properties p) {
        Map<String, String> commands = new java.util.TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("health.command.")) {
                String name = key.substring("health.command.".length());
                if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
                    throw new IllegalArgumentException(
                            key + ": a check's name is 1 to 64 letters, digits, '.', '_' or '-'");
                }
                commands.put(name, p.getProperty(key).strip());
            }
        }
        return Map.copyOf(commands);
    }

    /** The server waits at most 30 seconds on a poll. */
    private static Duration pollWait(Duration wait) {
        if (wait.isNegative() || wait.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException(
                    "poll.wait is between PT0S and PT30S (the longest a server waits), was " + wait);
        }
        return wait;
    }

    private static String text(Properties p, String key, String fallback) {
        String value = p.getProperty(key);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static Duration duration(Properties p, String key, String fallback) {
        String value = text(p, key, fallback);
        try {
            return Duration.parse(value);
        }
        catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " is an ISO 8601 duration such as PT25S, was " + value);
        }
    }

    private static String localHostname() {
        try {
            Path etc = Path.of("/etc/hostname");
            if (Files.isReadable(etc)) {
                String name = Files.readString(etc).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            }
            return InetAddress.getLocalHost().getHostName();
        }
        catch (IOException e) {
            throw new IllegalArgumentException(
                    "set hostname= in the configuration: this machine's name cannot be read (" + e + ")");
        }
    }
}
