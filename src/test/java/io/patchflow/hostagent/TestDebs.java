package io.patchflow.hostagent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Real Debian packages for the tests, built with dpkg-deb from a few files. */
final class TestDebs {

    private TestDebs() {
    }

    /**
     * Builds {@code name_version_all.deb} in {@code out}; {@code files} maps paths inside
     * the package ({@code opt/demo-app/bin/demo-app}) to their content; files under a
     * bin/ directory are executable.
     */
    static Path build(Path out, String name, String version, Map<String, String> files) throws IOException {
        Path tree = Files.createTempDirectory(out, "pkg-");
        Path debian = Files.createDirectories(tree.resolve("DEBIAN"));
        Files.writeString(debian.resolve("control"), """
                Package: %s
                Version: %s
                Architecture: all
                Maintainer: Patchflow tests <tests@patchflow.invalid>
                Description: test package for the Patchflow agent
                """.formatted(name, version));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = tree.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
            if (file.getKey().contains("/bin/")) {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Path deb = out.resolve(name + "_" + version.replace(':', '%') + "_all.deb");
        Processes.Result r = Processes.run(
                List.of("dpkg-deb", "--root-owner-group", "--build", tree.toString(), deb.toString()),
                Duration.ofMinutes(1));
        if (!r.ok()) {
            throw new IOException("dpkg-deb failed: " + r.tail());
        }
        return deb;
    }

    /**
     * The demo application: a script that prints its version, and whose --check passes
     * unless the package is bad.
     */
    static Path demoApp(Path out, String version, boolean healthy) throws IOException {
        return build(out, "demo-app", version, Map.of("opt/demo-app/bin/demo-app",
                """
                        #!/bin/sh
                        if [ "$1" = "--check" ]; then
                          %s
                        fi
                        echo "demo-app %s"
                        """.formatted(
                        healthy ? "exit 0" : "echo 'cannot open /etc/demo-app.conf: bad format' >&2; exit 3", version),
                "opt/demo-app/VERSION", version + "\n"));
    }

}
