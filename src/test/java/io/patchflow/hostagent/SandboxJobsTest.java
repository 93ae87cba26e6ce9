package io.patchflow.hostagent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The agent's jobs against a throwaway root: real .deb packages built with dpkg-deb,
 * installed by dpkg into the sandbox, backed up by restic into a repository in the temp
 * directory, proven by dpkg-query in that root.
 */
class SandboxJobsTest {

    static final String AGENT = "agent-" + UUID.randomUUID();

    @TempDir
    Path dir;

    Path root;

    Path admin;

    Path debs;

    TestTokens tokens;

    AgentConfig config;

    AgentState state;

    DirectoryPackages packages;

    JobRunner runner;

    final List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void tools() {
        for (String tool : List.of("dpkg", "dpkg-deb", "dpkg-query", "restic")) {
            assertThat(Processes.run(List.of("sh", "-c", "command -v " + tool), Duration.ofSeconds(10)).ok())
                .as(tool + " is needed (apt-get install dpkg restic; .ci/run installs it)")
                .isTrue();
        }
    }

    @BeforeEach
    void sandbox() throws Exception {
        root = Files.createDirectories(dir.resolve("root"));
        admin = dir.resolve("admin");
        debs = Files.createDirectories(dir.resolve("debs"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/demo-app.conf"), "listen=8080\n");
        Files.writeString(dir.resolve("restic-password"), "correct horse battery staple\n");
        tokens = new TestTokens();
        Properties p = new Properties();
        p.setProperty("server.url", "http://127.0.0.1:1");
        p.setProperty("hostname", "sandbox-1");
        p.setProperty("state.dir", dir.resolve("state").toString());
        p.setProperty("root", root.toString());
        p.setProperty("dpkg.admindir", admin.toString());
        p.setProperty("packages.source", "dir:" + debs);
        p.setProperty("backup.paths", root.resolve("etc").toString());
        p.setProperty("restic.repository", dir.resolve("restic").toString());
        p.setProperty("restic.password-file", dir.resolve("restic-password").toString());
        p.setProperty("reboot.command", "touch " + dir.resolve("rebooted"));
        p.setProperty("health.command.demo-app", root.resolve("opt/demo-app/bin/demo-app") + " --check");
        config = AgentConfig.from(p);
        state = AgentState.open(config.stateDir());
        state.data().agentId = AGENT;
        newRunner();
        packages.prepare();
        TestDebs.demoApp(debs, "1.0-1", true);
        TestDebs.demoApp(debs, "2.0-1", true);
        packages.install(List.of(new PackageManager.PackageVersion("demo-app", "1.0-1")));
    }

    /** A fresh runner on the same state directory: what a restarted agent has. */
    void newRunner() throws Exception {
        state = AgentState.open(config.stateDir());
        state.data().agentId = AGENT;
        packages = new DirectoryPackages(root, admin, debs, dir.resolve("dpkg.log"), Duration.ofMinutes(2));
        Restic restic = new Restic(config.resticRepository(), config.resticPasswordFile(), config.hostname(),
                Duration.ofMinutes(5));
        HealthChecks health = new HealthChecks(config.healthCommands(), config.httpAllowHosts(), Duration.ofMinutes(1));
        runner = new JobRunner(config, state, packages, restic, health, (job, s, detail) -> progress.add(s));
    }

    JsonNode job(String type, String change, ObjectNode payload, Instant nbf, Instant exp, String agent)
            throws Exception {
        String id = UUID.randomUUID().toString();
        ObjectNode job = Json.MAPPER.createObjectNode()
            .put("jobId", id)
            .put("type", type)
            .put("changeId", change)
            .put("attempt", 1);
        job.set("payload", payload);
        job.put("token", tokens.sign(id, agent, change, type, nbf, exp, payload));
        return job;
    }

    JsonNode job(String type, String change, ObjectNode payload) throws Exception {
        return job(type, change, payload, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), AGENT);
    }

    static ObjectNode install(String version, boolean reboot) {
        ObjectNode payload = Json.MAPPER.createObjectNode();
        payload.putArray("patches")
            .addObject()
            .put("vendorId", "debian:demo-app:" + version)
            .put("package", "demo-app")
            .put("version", version)
            .put("rebootRequired", reboot);
        payload.putArray("healthChecks").addObject().put("type", "COMMAND").put("name", "demo-app");
        return payload;
    }

    JobRunner.Report run(JsonNode job) throws Exception {
        return runner.run(job, new JobToken(tokens.publicKey()), Instant.now());
    }

    String installedVersion() throws Exception {
        return packages.installed().get("demo-app");
    }

    @Test
    void anUpgradeIsInstalledCheckedAndWhatItReplacedIsKept() throws Exception {
        JobRunner.Report report = run(job("INSTALL", "CHG-1", install("2.0-1", false)));

        assertThat(report.outcome()).as(report.detail()).isEqualTo("SUCCEEDED");
        assertThat(report.detail()).isEqualTo("installed demo-app 2.0-1; 1 health check(s) passed");
        assertThat(installedVersion()).isEqualTo("2.0-1");
        assertThat(Files.readString(root.resolve("opt/demo-app/VERSION"))).isEqualTo("2.0-1\n");
        assertThat(report.evidence().path("previousVersions").path("demo-app").asText()).isEqualTo("1.0-1");
        assertThat(progress).containsExactly("INSTALLING");
    }

    @Test
    void aBadVersionFailsItsHealthCheckAndTheRollbackPutsTheGoodOneBack() throws Exception {
        run(job("INSTALL", "CHG-1", install("2.0-1", false)));
        TestDebs.demoApp(debs, "3.0-1", false);

        JobRunner.Report bad = run(job("INSTALL", "CHG-2", install("3.0-1", false)));

        assertThat(bad.outcome()).isEqualTo("FAILED");
        assertThat(bad.detail()).startsWith("installed, but the health check failed: command demo-app: exit 3")
            .contains("cannot open /etc/demo-app.conf");
        assertThat(installedVersion()).isEqualTo("3.0-1");

        ObjectNode rollback = Json.MAPPER.createObjectNode();
        rollback.putArray("healthChecks").addObject().put("type", "COMMAND").put("name", "demo-app");
        JobRunner.Report back = run(job("ROLLBACK", "CHG-2", rollback));

        assertThat(back.outcome()).as(back.detail()).isEqualTo("SUCCEEDED");
        assertThat(back.detail()).isEqualTo("rolled back: demo-app 2.0-1");
        // dpkg's own database in the sandbox says so
        Processes.Result query = Processes.run(
                List.of("dpkg-query", "--admindir=" + admin, "-W", "-f=${Version}", "demo-app"),
                Duration.ofSeconds(30));
        assertThat(query.stdout()).isEqualTo("2.0-1");
        assertThat(Processes
            .run(List.of(root.resolve("opt/demo-app/bin/demo-app").toString(), "--check"), Duration.ofSeconds(10))
            .ok()).isTrue();
    }

    @Test
    void aJobDeliveredAgainIsAnsweredFromTheStateWithoutInstallingTwice() throws Exception {
        JsonNode job = job("INSTALL", "CHG-1", install("2.0-1", false));
        run(job);
        long installs = Files.readAllLines(dir.resolve("dpkg.log"))
            .stream()
            .filter(l -> l.contains(" upgrade demo-app:all"))
            .count();
        assertThat(installs).isEqualTo(1);

        newRunner(); // the agent restarted in between
        JobRunner.Report again = run(job);

        assertThat(again.outcome()).isEqualTo("SUCCEEDED");
        assertThat(Files.readAllLines(dir.resolve("dpkg.log"))
            .stream()
            .filter(l -> l.contains(" upgrade demo-app:all"))
            .count()).isEqualTo(installs);
    }

    @Test
    void aJobOutsideItsWindowOrWithAForeignOrTamperedTokenIsRefusedAndNothingChanges() throws Exception {
        JsonNode late = job("INSTALL", "CHG-1", install("2.0-1", false), Instant.now().minusSeconds(7200),
                Instant.now().minusSeconds(3600), AGENT);
        assertThat(run(late).detail()).startsWith("refused: outside the approved window: it closed at");

        JsonNode early = job("INSTALL", "CHG-1", install("2.0-1", false), Instant.now().plusSeconds(3600),
                Instant.now().plusSeconds(7200), AGENT);
        assertThat(run(early).detail()).startsWith("refused: outside the approved window: it opens at");

        JsonNode foreign = job("INSTALL", "CHG-1", install("2.0-1", false), Instant.now(),
                Instant.now().plusSeconds(60), "another-agent");
        assertThat(run(foreign).detail()).isEqualTo("refused: the change token was issued to another agent");

        ObjectNode tampered = (ObjectNode) job("INSTALL", "CHG-1", install("2.0-1", false)).deepCopy();
        ((ObjectNode) tampered.path("payload").path("patches").get(0)).put("version", "1.0-1");
        assertThat(run(tampered).detail())
            .isEqualTo("refused: the job's payload is not the one the change token was signed for");

        ObjectNode unsigned = (ObjectNode) job("INSTALL", "CHG-1", install("2.0-1", false)).deepCopy();
        unsigned.remove("token");
        assertThat(run(unsigned).detail()).isEqualTo("refused: the job carries no change token");

        ObjectNode relabelled = (ObjectNode) job("INSTALL", "CHG-1", install("2.0-1", false)).deepCopy();
        relabelled.put("type", "ROLLBACK");
        assertThat(run(relabelled).detail())
            .isEqualTo("refused: the change token was signed for a INSTALL job, not ROLLBACK");

        TestTokens otherServer = new TestTokens();
        ObjectNode forged = (ObjectNode) job("INSTALL", "CHG-1", install("2.0-1", false)).deepCopy();
        forged.put("token", otherServer.sign(forged.path("jobId").asText(), AGENT, "CHG-1", "INSTALL", Instant.now(),
                Instant.now().plusSeconds(60), forged.path("payload")));
        assertThat(run(forged).detail()).isEqualTo("refused: the change token's signature is not the server's");

        assertThat(installedVersion()).isEqualTo("1.0-1");
        assertThat(progress).isEmpty();
    }

    @Test
    void aResticSnapshotIsTakenAndCheckedThenARecentOneIsAccepted() throws Exception {
        ObjectNode snapshot = Json.MAPPER.createObjectNode();
        snapshot.putObject("backup").put("mode", "SNAPSHOT");

        JobRunner.Report taken = run(job("BACKUP", "CHG-1", snapshot));

        assertThat(taken.outcome()).as(taken.detail()).isEqualTo("SUCCEEDED");
        String id = taken.evidence().path("snapshotId").asText();
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(taken.evidence().path("bytes").asLong()).isEqualTo("listen=8080\n".length());
        assertThat(taken.evidence().path("checked").asBoolean()).isTrue();
        assertThat(taken.detail()).startsWith("restic snapshot " + id.substring(0, 8));

        ObjectNode recent = Json.MAPPER.createObjectNode();
        recent.putObject("backup").put("mode", "VERIFY_RECENT");
        JobRunner.Report verified = run(job("BACKUP", "CHG-2", recent));

        assertThat(verified.outcome()).isEqualTo("SUCCEEDED");
        assertThat(verified.evidence().path("snapshotId").asText()).isEqualTo(id);
        assertThat(verified.evidence().path("taken").asBoolean()).isFalse();
        assertThat(progress).containsExactly("BACKING_UP", "BACKING_UP");
    }

    @Test
    void aPatchThatNeedsARebootIsFinishedWhenTheAgentComesBack() throws Exception {
        JsonNode job = job("INSTALL", "CHG-1", install("2.0-1", true));

        assertThat(run(job)).as("no result before the reboot").isNull();
        assertThat(dir.resolve("rebooted")).exists();
        assertThat(progress).containsExactly("INSTALLING", "REBOOTING");

        newRunner(); // the host came back and the agent started again
        assertThat(runner.interrupted()).isPresent();
        JobRunner.Report finished = run(runner.interrupted().get());

        assertThat(finished.outcome()).as(finished.detail()).isEqualTo("SUCCEEDED");
        assertThat(installedVersion()).isEqualTo("2.0-1");
        assertThat(runner.interrupted()).isEmpty();
        // installed once, before the reboot
        assertThat(Files.readAllLines(dir.resolve("dpkg.log"))
            .stream()
            .filter(l -> l.contains(" upgrade demo-app:all 1.0-1 2.0-1"))
            .count()).isEqualTo(1);
    }

    @Test
    void aHealthCheckRunsOnlyWhatTheHostConfigured() {
        HealthChecks health = new HealthChecks(Map.of(), java.util.Set.of(), Duration.ofSeconds(10));

        assertThat(health.runOne(Json.MAPPER.createObjectNode().put("type", "COMMAND").put("name", "rm-rf")).detail())
            .isEqualTo("no command 'rm-rf' is configured on this host (health.command.rm-rf)");
        assertThat(health
            .runOne(Json.MAPPER.createObjectNode().put("type", "HTTP").put("url", "http://169.254.169.254/latest/"))
            .detail()).startsWith("probes go to this host only");
        assertThat(
                health.runOne(Json.MAPPER.createObjectNode().put("type", "SYSTEMD").put("unit", "a; reboot")).passed())
            .isFalse();
    }

}
