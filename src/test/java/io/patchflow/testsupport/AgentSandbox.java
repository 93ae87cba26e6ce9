package io.patchflow.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real reference agent (target/patchflow-agent.jar) as its own process, working on a
 * throwaway root: its own dpkg database, its own directory of .deb packages, its own
 * restic repository. What the end-to-end tests use instead of three machines.
 */
public final class AgentSandbox implements AutoCloseable {

    public static final Path AGENT_JAR = RepositoryFiles.path("target", "patchflow-agent.jar");

    public final String hostname;

    public final Path dir;

    public final Path root;

    public final Path admin;

    public final Path debs;

    private Process process;

    public AgentSandbox(Path parent, String hostname) throws IOException {
        this.hostname = hostname;
        this.dir = Files.createDirectories(parent.resolve(hostname));
        this.root = Files.createDirectories(dir.resolve("root"));
        this.admin = dir.resolve("admin");
        this.debs = Files.createDirectories(dir.resolve("debs"));
        for (String sub : List.of("info", "updates", "triggers")) {
            Files.createDirectories(admin.resolve(sub));
        }
        for (String file : List.of("status", "available")) {
            Files.createFile(admin.resolve(file));
        }
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/demo-app.conf"), "listen=8080\n");
        Files.writeString(dir.resolve("restic-password"), "e2e " + hostname + "\n");
    }

    /**
     * The demo application at a version: healthy, or one whose --check fails (a bad
     * build).
     */
    public Path demoApp(String version, boolean healthy) throws IOException {
        Path tree = Files.createTempDirectory(dir, "pkg-");
        Files.createDirectories(tree.resolve("DEBIAN"));
        Files.writeString(tree.resolve("DEBIAN/control"), "Package: demo-app\nVersion: " + version
                + "\nArchitecture: all\n"
                + "Maintainer: Patchflow tests <tests@patchflow.invalid>\nDescription: end-to-end test application\n");
        Path bin = Files.createDirectories(tree.resolve("opt/demo-app/bin"));
        Files.writeString(bin.resolve("demo-app"),
                "#!/bin/sh\nif [ \"$1\" = \"--check\" ]; then\n  "
                        + (healthy ? "exit 0" : "echo 'cannot parse /etc/demo-app.conf' >&2; exit 3")
                        + "\nfi\necho \"demo-app " + version + "\"\n");
        Files.setPosixFilePermissions(bin.resolve("demo-app"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(tree.resolve("opt/demo-app/VERSION"), version + "\n");
        Path deb = debs.resolve("demo-app_" + version + "_all.deb");
        run(List.of("dpkg-deb", "--root-owner-group", "--build", tree.toString(), deb.toString()));
        return deb;
    }

    /**
     * Installs a package into the sandbox directly, as it was before Patchflow came
     * along.
     */
    public void preinstall(Path deb) throws IOException {
        run(List.of("dpkg", "--admindir=" + admin, "--instdir=" + root, "--log=" + dir.resolve("setup-dpkg.log"),
                "--force-script-chrootless", "--install", deb.toString()));
    }

    /** The version dpkg's database in the sandbox records, or null. */
    public String installedVersion(String pkg) throws IOException {
        String out = run(
                List.of("dpkg-query", "--admindir=" + admin, "-W", "-f=${Version}\\t${db:Status-Abbrev}", pkg));
        String[] fields = out.split("\t");
        return fields.length == 2 && fields[1].startsWith("ii") ? fields[0] : null;
    }

    /** Starts the agent with this sandbox's configuration, enrolling with the token. */
    public void start(String serverUrl, String token) throws IOException {
        Path conf = dir.resolve("agent.conf");
        Files.writeString(conf, String.join("\n", "server.url=" + serverUrl, "enrolment.token=" + token,
                "hostname=" + hostname, "state.dir=" + dir.resolve("state"), "root=" + root, "dpkg.admindir=" + admin,
                "packages.source=dir:" + debs, "backup.paths=" + root.resolve("etc") + " " + root.resolve("opt"),
                "restic.repository=" + dir.resolve("restic"), "restic.password-file=" + dir.resolve("restic-password"),
                "health.command.demo-app=" + root.resolve("opt/demo-app/bin/demo-app") + " --check",
                "reboot.command=true", "poll.wait=PT5S", "inventory.interval=PT1H", "command.timeout=PT5M", ""));
        String java = ProcessHandle.current().info().command().orElse("java");
        process = new ProcessBuilder(java, "-Xmx96m", "-jar", AGENT_JAR.toString(), "run", "--config", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("agent.log").toFile())
            .start();
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    public String log() throws IOException {
        Path log = dir.resolve("agent.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(Duration.ofMinutes(2).toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish");
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0 && !command.get(0).equals("dpkg-query")) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

}
