package io.patchflow.hostagent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What both package managers share: dpkg-query for the installed set and dpkg for version
 * ordering.
 */
abstract class Dpkg implements PackageManager {

    protected final Path admindir;

    protected final Duration timeout;

    Dpkg(Path admindir, Duration timeout) {
        this.admindir = admindir;
        this.timeout = timeout;
    }

    @Override
    public Map<String, String> installed() throws PackageException {
        Processes.Result r = Processes.run(List.of("dpkg-query", "--admindir=" + admindir, "-W",
                "-f=${Package}\\t${Version}\\t${db:Status-Abbrev}\\n"), timeout);
        if (!r.ok()) {
            throw new PackageException("dpkg-query failed: " + r.tail());
        }
        Map<String, String> installed = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            String[] f = line.split("\t");
            // "ii " is installed; "rc " (removed, config left) and half-installed states
            // are not.
            if (f.length >= 3 && f[2].startsWith("ii")) {
                installed.put(f[0], f[1]);
            }
        }
        return installed;
    }

    @Override
    public boolean newer(String a, String b) throws PackageException {
        Processes.Result r = Processes.run(List.of("dpkg", "--compare-versions", a, "gt", b), Duration.ofSeconds(30));
        if (r.exitCode() == 0) {
            return true;
        }
        if (r.exitCode() == 1) {
            return false;
        }
        throw new PackageException("dpkg --compare-versions " + a + " gt " + b + " failed: " + r.tail());
    }

    protected static List<String> names(List<PackageVersion> wanted) {
        List<String> names = new ArrayList<>();
        wanted.forEach(w -> names.add(w.name()));
        return names;
    }

}
