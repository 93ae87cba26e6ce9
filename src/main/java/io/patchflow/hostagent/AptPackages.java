package io.patchflow.hostagent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Package operations on the real system: apt-get, non-interactively, keeping existing
 * configuration files.
 */
final class AptPackages extends Dpkg {

    // "Inst openssl [3.0.14-1~deb12u2] (3.0.15-1~deb12u1
    // Debian-Security:12/stable-security [amd64])"
    private static final Pattern INST = Pattern.compile("^Inst (\\S+) \\[(\\S+)\\] \\((\\S+) ");

    AptPackages(Duration timeout) {
        super(Path.of("/var/lib/dpkg"), timeout);
    }

    @Override
    public List<Pending> pending() throws PackageException {
        // Refresh the lists first; a failure (no network) leaves yesterday's lists, which
        // is still an answer.
        Processes.run(List.of("apt-get", "update", "-qq"), timeout);
        Processes.Result r = Processes.run(List.of("apt-get", "-s", "-o", "Debug::NoLocking=1", "dist-upgrade"),
                timeout);
        if (!r.ok()) {
            throw new PackageException("apt-get -s dist-upgrade failed: " + r.tail());
        }
        List<Pending> pending = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            Matcher m = INST.matcher(line);
            if (m.find()) {
                pending.add(new Pending(m.group(1), m.group(2), m.group(3)));
            }
        }
        return pending;
    }

    @Override
    public void install(List<PackageVersion> wanted) throws PackageException {
        List<String> command = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--allow-downgrades", "-o",
                "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold"));
        wanted.forEach(w -> command.add(w.name() + "=" + w.version()));
        Processes.Result r = Processes.run(command, timeout);
        if (!r.ok()) {
            throw new PackageException("apt-get install failed (exit " + r.exitCode() + "): " + r.tail());
        }
    }

    @Override
    public void remove(List<String> packages) throws PackageException {
        List<String> command = new ArrayList<>(List.of("apt-get", "remove", "-y", "-q"));
        command.addAll(packages);
        Processes.Result r = Processes.run(command, timeout);
        if (!r.ok()) {
            throw new PackageException("apt-get remove failed (exit " + r.exitCode() + "): " + r.tail());
        }
    }

}
