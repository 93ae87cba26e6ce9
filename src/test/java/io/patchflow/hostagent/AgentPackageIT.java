package io.patchflow.hostagent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb the build produced, installed the way an admin installs it (dpkg -i), into a
 * throwaway root, then purged: files, modes, conffile, systemd unit, and a runnable
 * agent.
 */
class AgentPackageIT {

    static final Path DEB = Path.of("target/patchflow-agent.deb");

    @TempDir
    Path dir;

    @Test
    void theDebianPackageInstallsTheAgentItsUnitAndItsConfigurationAndPurgesCleanly() throws Exception {
        assertThat(DEB).as("built by mvn package").exists();
        Path root = Files.createDirectories(dir.resolve("root"));
        DirectoryPackages dpkg = new DirectoryPackages(root, dir.resolve("admin"), dir, dir.resolve("dpkg.log"),
                Duration.ofMinutes(2));
        dpkg.prepare();
        // The sandbox has no Java of its own: its dependencies are the host's business
        // here.
        Processes.Result install = dpkg(root, "--force-depends", "--install", DEB.toString());
        assertThat(install.ok()).as(install.tail()).isTrue();

        assertThat(dpkg.installed()).containsKey("patchflow-agent");
        assertThat(root.resolve("usr/share/patchflow-agent/patchflow-agent.jar")).isRegularFile();
        assertThat(Files.isExecutable(root.resolve("usr/bin/patchflow-agent"))).isTrue();
        String unit = Files.readString(root.resolve("lib/systemd/system/patchflow-agent.service"));
        assertThat(unit).contains("ExecStart=/usr/bin/patchflow-agent run --config /etc/patchflow-agent/agent.conf")
            .contains("RestartPreventExitStatus=78")
            .contains("WantedBy=multi-user.target");
        Path conf = root.resolve("etc/patchflow-agent/agent.conf");
        assertThat(Files.readString(conf)).contains("server.url=").contains("enrolment.token=");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf))).isEqualTo("rw-r-----");
        assertThat(
                PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("var/lib/patchflow-agent"))))
            .isEqualTo("rwx------");
        Processes.Result conffiles = Processes.run(
                List.of("dpkg-query", "--admindir=" + dir.resolve("admin"), "-W", "-f=${Conffiles}", "patchflow-agent"),
                Duration.ofSeconds(30));
        assertThat(conffiles.stdout()).contains("/etc/patchflow-agent/agent.conf");

        Processes.Result version = Processes.run(List.of("java", "-jar",
                root.resolve("usr/share/patchflow-agent/patchflow-agent.jar").toString(), "version"),
                Duration.ofMinutes(1));
        assertThat(version.stdout()).startsWith("patchflow-agent ").contains("(protocol 1)");

        Files.writeString(root.resolve("var/lib/patchflow-agent/state.json"), "{}");
        Processes.Result purge = dpkg(root, "--purge", "patchflow-agent");
        assertThat(purge.ok()).as(purge.tail()).isTrue();
        assertThat(root.resolve("usr/share/patchflow-agent/patchflow-agent.jar")).doesNotExist();
        assertThat(root.resolve("var/lib/patchflow-agent")).doesNotExist();
        assertThat(conf).doesNotExist();
    }

    private Processes.Result dpkg(Path root, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("dpkg", "--admindir=" + dir.resolve("admin"),
                "--instdir=" + root, "--log=" + dir.resolve("dpkg.log"), "--force-script-chrootless"));
        command.addAll(List.of(args));
        return Processes.run(command, Duration.ofMinutes(2));
    }

}
